//go:build linux

package runtime_test

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"math/rand"
	"net"
	"os"
	"strconv"
	"testing"
	"time"

	"github.com/asyncgen/asyncgen/runtime"
)

// These tests run random sequences of reads on several streams at once,
// fed by peers that send in random pieces, and check every result against
// what the reads mean on the whole of the data: the scratch buffer the
// streams share, its evictions and what Peek and Fill lend out must never
// show in the results.

// streamModel is what a stream has delivered of data so far.
type streamModel struct {
	data []byte
	pos  int
	// lent: the last slice Peek or Fill returned, and what it held
	lent, lentWas []byte
}

// check compares the outcome of op with the model and advances it.
func (m *streamModel) check(op string, got []byte, err error, want []byte, consumed int, wantErr error) error {
	if !bytes.Equal(got, want) || !sameErr(err, wantErr) {
		return fmt.Errorf("%s at %d of %d: got %d bytes (%.20q...), %v; want %d bytes (%.20q...), %v",
			op, m.pos, len(m.data), len(got), got, err, len(want), want, wantErr)
	}
	m.pos += consumed
	return nil
}

func sameErr(got, want error) bool {
	if want == nil || got == nil {
		return got == want
	}
	var gi, wi *runtime.IncompleteReadError
	if errors.As(want, &wi) {
		return errors.As(got, &gi) && bytes.Equal(gi.Partial, wi.Partial) && gi.Expected == wi.Expected
	}
	return got == want
}

// checkLent reports whether what Peek or Fill lent is unchanged.
func (m *streamModel) checkLent() error {
	if m.lent != nil && !bytes.Equal(m.lent, m.lentWas) {
		return fmt.Errorf("a slice Peek or Fill lent changed before the next read of its stream")
	}
	m.lent = nil
	return nil
}

// randomReads runs n random reads on s, checking each against m; the
// stream's peer sends m.data and closes.
//
// async
func randomReads(s *runtime.Stream, m *streamModel, seed int64, n int) error {
	rng := rand.New(rand.NewSource(seed))
	for range n {
		rest := m.data[m.pos:]
		if rng.Intn(4) == 0 {
			// Let the other streams read.
			if _, err := runtime.Await(runtime.Sleep(0)); err != nil {
				return err
			}
		}
		if err := m.checkLent(); err != nil {
			return err
		}
		switch rng.Intn(9) {
		case 0:
			got, err := runtime.Await(s.ReadLine())
			i := bytes.IndexByte(rest, '\n')
			switch {
			case i >= 0:
				err = m.check("ReadLine", got, err, rest[:i+1], i+1, nil)
			case len(rest) > 0:
				err = m.check("ReadLine", got, err, rest, len(rest), nil)
			default:
				err = m.check("ReadLine", got, err, nil, 0, io.EOF)
			}
			if err != nil {
				return err
			}
		case 1:
			sep := []byte("\n#")
			got, err := runtime.Await(s.ReadUntil(sep))
			i := bytes.Index(rest, sep)
			if i >= 0 {
				err = m.check("ReadUntil", got, err, rest[:i+2], i+2, nil)
			} else {
				err = m.check("ReadUntil", got, err, nil, len(rest), &runtime.IncompleteReadError{Partial: rest, Expected: -1})
			}
			if err != nil {
				return err
			}
		case 2:
			k := rng.Intn(200 << 10)
			got, err := runtime.Await(s.ReadExactly(k))
			if len(rest) >= k {
				err = m.check("ReadExactly", got, err, rest[:k], k, nil)
			} else {
				err = m.check("ReadExactly", got, err, nil, len(rest), &runtime.IncompleteReadError{Partial: rest, Expected: k})
			}
			if err != nil {
				return err
			}
		case 3:
			p := make([]byte, 1+rng.Intn(100<<10))
			k, err := runtime.Await(s.Read(p))
			if len(rest) == 0 {
				err = m.check("Read", p[:k], err, nil, 0, io.EOF)
			} else if k == 0 || k > len(rest) {
				err = fmt.Errorf("Read at %d of %d: %d bytes, %v", m.pos, len(m.data), k, err)
			} else {
				err = m.check("Read", p[:k], err, rest[:k], k, nil)
			}
			if err != nil {
				return err
			}
		case 4:
			k := 1 + rng.Intn(100<<10)
			got, err := runtime.Await(s.Fill(k))
			if len(rest) >= k {
				err = m.check("Fill", got, err, rest[:k], 0, nil)
			} else {
				err = m.check("Fill", got, err, rest, 0, io.EOF)
			}
			if err != nil {
				return err
			}
			m.lent, m.lentWas = got, bytes.Clone(got)
		case 5:
			got := s.Peek(1 + rng.Intn(100<<10))
			if !bytes.HasPrefix(rest, got) {
				return fmt.Errorf("Peek at %d: %d bytes that are not next", m.pos, len(got))
			}
			m.lent, m.lentWas = got, bytes.Clone(got)
		case 6:
			if s.AtEOF() && len(rest) > 0 {
				return fmt.Errorf("AtEOF at %d of %d", m.pos, len(m.data))
			}
		case 7:
			got, err := runtime.Await(s.ReadUntilAny([]byte("\n#"), []byte("##")))
			i, j := bytes.Index(rest, []byte("\n#")), bytes.Index(rest, []byte("##"))
			end := -1
			if i >= 0 {
				end = i + 2
			}
			if j >= 0 && (end < 0 || j+2 < end) {
				end = j + 2
			}
			if end >= 0 {
				err = m.check("ReadUntilAny", got, err, rest[:end], end, nil)
			} else {
				err = m.check("ReadUntilAny", got, err, nil, len(rest), &runtime.IncompleteReadError{Partial: rest, Expected: -1})
			}
			if err != nil {
				return err
			}
		case 8:
			// A ReadExactly or ReadLine cancelled at a random point loses
			// nothing; one that completed is checked as usual.
			k := rng.Intn(150 << 10)
			line := rng.Intn(2) == 0
			var got []byte
			var rerr error
			t := runtime.Spawn(readInto(s, line, k, &got, &rerr))
			for range rng.Intn(4) {
				if _, err := runtime.Await(runtime.Sleep(0)); err != nil {
					return err
				}
			}
			t.Cancel()
			if _, err := runtime.Await(t); errors.Is(err, runtime.ErrCancelled) {
				continue
			}
			var err error
			i := bytes.IndexByte(rest, '\n')
			switch {
			case line && i >= 0:
				err = m.check("ReadLine", got, rerr, rest[:i+1], i+1, nil)
			case line && len(rest) > 0:
				err = m.check("ReadLine", got, rerr, rest, len(rest), nil)
			case line:
				err = m.check("ReadLine", got, rerr, nil, 0, io.EOF)
			case len(rest) >= k:
				err = m.check("ReadExactly", got, rerr, rest[:k], k, nil)
			default:
				err = m.check("ReadExactly", got, rerr, nil, len(rest), &runtime.IncompleteReadError{Partial: rest, Expected: k})
			}
			if err != nil {
				return err
			}
		}
	}
	return nil
}

// readInto is a ReadLine, or a ReadExactly(k), whose outcome lands in got
// and rerr unless the read is cancelled.
func readInto(s *runtime.Stream, line bool, k int, got *[]byte, rerr *error) runtime.Coro[struct{}] {
	return readIntoAwaitAsync(s, line, k, got, rerr)
}

// async
func readIntoAwait(s *runtime.Stream, line bool, k int, got *[]byte, rerr *error) error {
	var b []byte
	var err error
	if line {
		b, err = runtime.Await(s.ReadLine())
	} else {
		b, err = runtime.Await(s.ReadExactly(k))
	}
	if errors.Is(err, runtime.ErrCancelled) {
		return err
	}
	*got, *rerr = b, err
	return nil
}

// modelRun connects len(datas) streams to peers sending datas in random
// pieces and runs randomReads on each, all at once.
//
// async
func modelRun(addr string, datas [][]byte, seed int64, n int) error {
	var tasks []*runtime.Task[struct{}]
	for i, d := range datas {
		s, err := runtime.Await(runtime.OpenConnection("tcp", addr))
		if err != nil {
			return err
		}
		defer s.Close()
		s.SetLimit(1 << 20)
		s.WriteString(fmt.Sprintf("%d\n", i))
		tasks = append(tasks, runtime.Spawn(randomReadsAsync(s, &streamModel{data: d}, seed+int64(i), n)))
	}
	for _, t := range tasks {
		if _, err := runtime.Await(t); err != nil {
			return err
		}
	}
	return nil
}

// modelData is random text: lines of random lengths, some beyond the
// scratch buffer, with "#" and "##" here and there.
func modelData(rng *rand.Rand, size int) []byte {
	var b bytes.Buffer
	for b.Len() < size {
		n := rng.Intn(1000)
		if rng.Intn(20) == 0 {
			n = rng.Intn(150 << 10)
		}
		for range n {
			c := byte('a' + rng.Intn(26))
			if rng.Intn(50) == 0 {
				c = '#'
			}
			b.WriteByte(c)
		}
		b.WriteByte('\n')
	}
	return b.Bytes()
}

// envSeeds is the number of seeds a model test runs: NETIO_SEEDS, or def
// when it is unset.
func envSeeds(t *testing.T, def int) int {
	t.Helper()
	s := os.Getenv("NETIO_SEEDS")
	if s == "" {
		return def
	}
	n, err := strconv.Atoi(s)
	if err != nil {
		t.Fatalf("NETIO_SEEDS=%q: %v", s, err)
	}
	return n
}

func TestNetioReadsMatchModel(t *testing.T) {
	seeds := envSeeds(t, 8)
	if testing.Short() {
		seeds = 4
	}
	for seed := range int64(seeds) {
		rng := rand.New(rand.NewSource(seed))
		datas := make([][]byte, 3)
		for i := range datas {
			datas[i] = modelData(rng, 300<<10+rng.Intn(300<<10))
		}
		ln, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			t.Fatal(err)
		}
		for range datas {
			go func() {
				c, err := ln.Accept()
				if err != nil {
					return
				}
				defer c.Close()
				var i int
				fmt.Fscanf(c, "%d\n", &i)
				d := datas[i]
				r := rand.New(rand.NewSource(seed*100 + int64(i)))
				for len(d) > 0 {
					k := min(len(d), 1+r.Intn(90<<10))
					if _, err := c.Write(d[:k]); err != nil {
						return
					}
					d = d[k:]
					if r.Intn(3) == 0 {
						time.Sleep(time.Duration(r.Intn(300)) * time.Microsecond)
					}
				}
			}()
		}
		_, err = runtime.Run(modelRunAsync(ln.Addr().String(), datas, seed*1000, 400))
		ln.Close()
		if err != nil {
			t.Fatalf("seed %d: %v", seed, err)
		}
	}
}

// randomWrites writes data to s in random pieces, with random Drains and
// write buffer limits, then closes s and waits until it is closed.
//
// async
func randomWrites(s *runtime.Stream, data []byte, seed int64) error {
	rng := rand.New(rand.NewSource(seed))
	for len(data) > 0 {
		k := min(len(data), 1+rng.Intn(300<<10))
		s.Write(data[:k])
		data = data[k:]
		switch rng.Intn(4) {
		case 0:
			high := rng.Intn(200 << 10)
			s.SetWriteBufferLimits(high, rng.Intn(high+1))
		case 1:
			if _, err := runtime.Await(runtime.Sleep(0)); err != nil {
				return err
			}
		}
		if rng.Intn(3) > 0 {
			if _, err := runtime.Await(s.Drain()); err != nil {
				return err
			}
		}
	}
	if rng.Intn(2) == 0 {
		s.CloseWrite()
	}
	s.Close()
	_, err := runtime.Await(s.WaitClosed())
	return err
}

// writeRun connects to addr once per data and runs randomWrites on each
// connection, all at once.
//
// async
func writeRun(addr string, datas [][]byte, seed int64, opts ...runtime.StreamOption) error {
	var tasks []*runtime.Task[struct{}]
	for i, d := range datas {
		s, err := runtime.Await(runtime.OpenConnection("tcp", addr, opts...))
		if err != nil {
			return err
		}
		defer s.Close()
		tasks = append(tasks, runtime.Spawn(randomWritesAsync(s, append([]byte{byte(i)}, d...), seed+int64(i))))
	}
	for _, t := range tasks {
		if _, err := runtime.Await(t); err != nil {
			return err
		}
	}
	return nil
}

// Random writes, drains and buffer limits, to peers that read slowly, end
// with every byte sent in order once WaitClosed returns.
func TestNetioWritesArriveWhole(t *testing.T) {
	seeds := envSeeds(t, 5)
	for seed := range int64(seeds) {
		rng := rand.New(rand.NewSource(seed))
		datas := make([][]byte, 3)
		for i := range datas {
			datas[i] = make([]byte, 500<<10+rng.Intn(2<<20))
			rng.Read(datas[i])
		}
		ln, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			t.Fatal(err)
		}
		got := make(chan error, len(datas))
		for range datas {
			go func() {
				c, err := ln.Accept()
				if err != nil {
					got <- err
					return
				}
				defer c.Close()
				r := rand.New(rand.NewSource(seed * 7))
				var b bytes.Buffer
				buf := make([]byte, 64<<10)
				for {
					n, err := c.Read(buf[:1+r.Intn(len(buf))])
					b.Write(buf[:n])
					if err == io.EOF {
						break
					}
					if err != nil {
						got <- err
						return
					}
					if r.Intn(10) == 0 {
						time.Sleep(time.Duration(r.Intn(200)) * time.Microsecond)
					}
				}
				all := b.Bytes()
				if len(all) == 0 || int(all[0]) >= len(datas) || !bytes.Equal(all[1:], datas[all[0]]) {
					got <- fmt.Errorf("a peer read %d bytes, not what was written", len(all))
					return
				}
				got <- nil
			}()
		}
		_, err = runtime.Run(writeRunAsync(ln.Addr().String(), datas, seed*1000))
		if err != nil {
			t.Fatalf("seed %d: %v", seed, err)
		}
		for range datas {
			if err := <-got; err != nil {
				t.Fatalf("seed %d: %v", seed, err)
			}
		}
		ln.Close()
	}
}
