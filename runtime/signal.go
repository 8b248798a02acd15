package runtime

func (l *Loop) closeSignals() {}
