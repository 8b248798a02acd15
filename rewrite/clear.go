package rewrite

import (
	"go/token"
	"sort"

	"github.com/dave/jennifer/jen"
)

// A goroutine blocked in Go keeps alive only what its stack's liveness maps
// call live; a frame keeps every field until it is overwritten. So that a
// suspended frame does not keep garbage alive (the response of the previous
// iteration of a loop, say), the code that enters an await zeroes, just
// before the await's state, the frame fields that:
//
//   - hold pointers (hasPointers);
//   - belong to a variable dead at the start of the await's block, which is
//     where the frame suspends;
//   - may hold a value there: some block on a path from the function's
//     entry (or from the last await that zeroed it) to the await uses the
//     variable, or it is a parameter;
//   - are read only where the liveness analysis sees: never a variable that
//     escapes (a closure or a pointer may read it at any time, so it is
//     kept, and so is the storage of pointer locals), nor a named result
//     (Base's Val and Err).
//
// The lowering's own fields are left to their owners: the awaitable is
// zeroed after its result is taken, and range loops clear their state when
// the loop exits.

// planClears computes, after the first pass, the fields to zero before each
// await (l.clears, in the order the awaits are lowered).
func (l *lowerer) planClears(live *liveSets) {
	index := map[*local]int{}
	var cands []*local
	for _, o := range l.sortedLocals() {
		lc := l.locals[o]
		if lc.frame && !lc.ptr && !lc.escapes && lc.result == "" && hasPointers(o.Type()) {
			index[lc] = len(cands)
			cands = append(cands, lc)
		}
	}
	var awaits []*block // in the order they were lowered
	for _, b := range l.seq {
		if b.await {
			awaits = append(awaits, b)
		}
	}
	sort.Slice(awaits, func(i, j int) bool { return awaits[i].awaitNum < awaits[j].awaitNum })
	l.clears = make([][]*local, len(awaits))
	if len(cands) == 0 {
		return
	}

	// set[b]: the candidates that may hold a value at the start of b;
	// used[b]: those b uses or defines, so may hold a value at its end.
	words := (len(cands) + 63) / 64
	bits := func() []uint64 { return make([]uint64, words) }
	set := make(map[*block][]uint64, len(l.seq))
	used := make(map[*block][]uint64, len(l.seq))
	for _, b := range l.seq {
		set[b], used[b] = bits(), bits()
		for _, e := range b.events {
			if k, ok := index[e.lc]; ok {
				used[b][k/64] |= 1 << (k % 64)
			}
		}
	}
	for k, lc := range cands {
		if lc.param {
			set[l.seq[0]][k/64] |= 1 << (k % 64) // stored by FAsync
		}
	}
	// The fields of the variables live at an await survive it; the others
	// are zeroed on the way in.
	survive := func(await *block, v []uint64) {
		for k, lc := range cands {
			if !live.has(await, lc) {
				v[k/64] &^= 1 << (k % 64)
			}
		}
	}
	end, out := bits(), bits()
	for changed := true; changed; {
		changed = false
		flow := func(to *block, v []uint64) {
			for k := range v {
				if set[to][k]|v[k] != set[to][k] {
					set[to][k] |= v[k]
					changed = true
				}
			}
		}
		// An edge to an await's state enters the await: only the live
		// fields survive.
		enter := func(to *block, v []uint64) {
			copy(out, v)
			if to.await {
				survive(to, out)
			}
			flow(to, out)
		}
		for _, b := range l.seq {
			copy(end, set[b])
			or(end, used[b])
			for _, e := range b.events {
				if e.to != nil {
					enter(e.to, end) // a jump in the middle: at most end
				}
			}
			if b.next != nil {
				enter(b.next, end)
			}
		}
	}

	// The blocks that enter each await: by falling into its state, or
	// through an edge in the middle (the ready path of an await).
	entering := map[*block][]*block{}
	for _, b := range l.seq {
		note := func(a *block) {
			if a == nil || !a.await {
				return
			}
			if in := entering[a]; len(in) > 0 && in[len(in)-1] == b {
				return // a block enters an await once
			}
			entering[a] = append(entering[a], b)
		}
		for _, e := range b.events {
			note(e.to)
		}
		note(b.next)
	}
	for i, a := range awaits {
		for _, b := range entering[a] {
			for k, lc := range cands {
				w, m := k/64, uint64(1)<<(k%64)
				if (set[b][w]|used[b][w])&m != 0 && !live.has(a, lc) {
					l.clears[i] = append(l.clears[i], lc)
				}
			}
		}
	}
}

// clearDead is the code zeroing the fields planned for the await being
// lowered (nothing in the first pass, which plans them).
func (l *lowerer) clearDead(pos token.Pos) []jen.Code {
	i := l.awaits
	l.awaits++
	if l.pass == 0 {
		return nil
	}
	if i >= len(l.clears) {
		panic("rewrite: the passes lowered different awaits")
	}
	var code []jen.Code
	for _, lc := range l.clears[i] {
		code = append(code, l.f().Dot(lc.name).Op("=").Add(l.zeroCode(lc.obj.Type(), pos)))
	}
	return code
}
