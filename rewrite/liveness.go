package rewrite

import (
	"go/types"
	"sort"
)

// local is a variable, constant or type declared by the function (or
// synthesized by the spiller), and where the lowered code keeps it.
type local struct {
	obj    types.Object
	name   string          // unique within the function
	blocks map[*block]bool // blocks that use it (first pass)
	param  bool            // receiver or parameter: stored by FAsync
	result string          // "Val" or "Err" for named results
	// escapes: captured by a function literal or its address is taken, so
	// a redeclaration must make fresh storage.
	escapes bool
	// inLoop: declared inside a loop that awaits (or the function has
	// goto), so its declaration may run again while older instances are
	// still referenced.
	inLoop bool
	frame  bool // held in the frame
	ptr    bool // held in the frame through a pointer renewed at each declaration
	// step: used in several blocks but never live across a suspension, so
	// a variable of Step declared before the dispatcher is enough.
	step bool
	// hoist: a constant or type declared at the top of Step rather than
	// where the source declares it, so every block sees it.
	hoist bool
	// pkgType: a hoisted type that may be declared at package level
	// instead (see markPkgTypes); pkgNeeded: it is, under pkgName, because
	// the frame holds its values.
	pkgType   bool
	pkgNeeded bool
	pkgName   string
	// from, for a type that cannot move to package level: the local
	// constant or variable its declaration names, directly or through the
	// local type via; generic: a generic type of a generic function. See
	// whyStuck.
	from, via types.Object
	generic   bool
}

// event is what the first pass records of a block, in order: a use or a
// definition of a local, or an exit to another block.
type event struct {
	lc   *local
	kill bool
	to   *block
}

// place decides, after the first pass, where each local lives, from the
// locals live at the start of each block:
//   - used in one block only: a variable of that case, as in the source;
//   - live at the start of a block that resumes an await (it must survive
//     the suspension), or escaping (a closure or pointer may use it at any
//     time): a frame field, through a pointer when it escapes;
//   - used in several blocks but never live across a suspension: a
//     variable of Step.
//
// Parameters are always in the frame (FAsync stores them), and named results
// are Base's Val and Err.
func (l *lowerer) place(live *liveSets) {
	for _, o := range l.sortedLocals() {
		lc := l.locals[o]
		if lc.result != "" {
			continue
		}
		if lc.param {
			lc.frame = len(lc.blocks) > 0
			continue
		}
		if len(lc.blocks) <= 1 || lc.hoist {
			continue
		}
		if _, ok := o.(*types.Var); !ok {
			l.fail(o.Pos(), "%s %s declared inside the function is used across an await: declare it at package level", kindOf(o), o.Name())
		}
		across := lc.escapes
		for _, b := range l.seq {
			if b.await && live.has(b, lc) {
				across = true
			}
		}
		if across {
			lc.frame = true
			lc.ptr = lc.escapes && (lc.inLoop || l.hasGoto)
		} else {
			lc.step = true
		}
	}
}

// liveSets holds the locals live at the start of each block of the first
// pass, as bit sets indexed by local.
type liveSets struct {
	index   map[*local]int
	byIndex []*local
	in      map[*block][]uint64
}

// has reports whether lc is live at the start of b.
func (s *liveSets) has(b *block, lc *local) bool {
	k, ok := s.index[lc]
	return ok && s.in[b][k/64]&(1<<(k%64)) != 0
}

// liveness computes the locals live at the start of each block of the first
// pass, from the events the blocks recorded.
func (l *lowerer) liveness() *liveSets {
	index := map[*local]int{}
	var byIndex []*local
	for _, b := range l.seq {
		for _, e := range b.events {
			if e.lc != nil {
				if _, ok := index[e.lc]; !ok {
					index[e.lc] = len(byIndex)
					byIndex = append(byIndex, e.lc)
				}
			}
		}
	}
	words := (len(byIndex) + 63) / 64
	in := make(map[*block][]uint64, len(l.seq))
	for _, b := range l.seq {
		in[b] = make([]uint64, words)
	}
	live := make([]uint64, words)
	for changed := true; changed; {
		changed = false
		for i := len(l.seq) - 1; i >= 0; i-- {
			b := l.seq[i]
			clear(live)
			if b.next != nil {
				or(live, in[b.next])
			}
			for j := len(b.events) - 1; j >= 0; j-- {
				e := b.events[j]
				switch {
				case e.to != nil:
					or(live, in[e.to])
				case e.kill:
					k := index[e.lc]
					live[k/64] &^= 1 << (k % 64)
				default:
					k := index[e.lc]
					live[k/64] |= 1 << (k % 64)
				}
			}
			if !equal(in[b], live) {
				copy(in[b], live)
				changed = true
			}
		}
	}
	return &liveSets{index: index, byIndex: byIndex, in: in}
}

func or(dst, src []uint64) {
	for k := range dst {
		dst[k] |= src[k]
	}
}

func equal(a, b []uint64) bool {
	for k := range a {
		if a[k] != b[k] {
			return false
		}
	}
	return true
}

func kindOf(o types.Object) string {
	switch o.(type) {
	case *types.Const:
		return "constant"
	case *types.TypeName:
		return "type"
	}
	return "variable"
}

func (l *lowerer) sortedLocals() []types.Object {
	objs := make([]types.Object, 0, len(l.locals))
	for o := range l.locals {
		objs = append(objs, o)
	}
	sort.Slice(objs, func(i, j int) bool {
		if objs[i].Pos() != objs[j].Pos() {
			return objs[i].Pos() < objs[j].Pos()
		}
		return l.locals[objs[i]].name < l.locals[objs[j]].name
	})
	return objs
}

// ref records that the current block uses lc (or defines it, when
// l.killing is set at the top level of the block).
func (l *lowerer) ref(lc *local) {
	if l.pass == 0 && l.cur != nil {
		if lc.blocks == nil {
			lc.blocks = map[*block]bool{}
		}
		lc.blocks[l.cur] = true
		kill := l.killing && l.nest == 0 && l.litDepth == 0
		l.cur.events = append(l.cur.events, event{lc: lc, kill: kill})
	}
}

// kill records a definition of lc that overwrites all of it.
func (l *lowerer) kill(lc *local) {
	l.killing = true
	l.ref(lc)
	l.killing = false
}

// edge records that the current block may continue in b.
func (l *lowerer) edge(b *block) {
	if l.pass == 0 && l.cur != nil {
		l.cur.events = append(l.cur.events, event{to: b})
	}
}
