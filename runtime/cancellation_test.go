package runtime

import (
	"context"
	"errors"
	"fmt"
	"testing"
)

func TestIsCancellation(t *testing.T) {
	failed := errors.New("failed")
	for _, c := range []struct {
		err  error
		want bool
	}{
		{nil, false},
		{ErrCancelled, true},
		{failed, false},
		{context.Canceled, false},
		{ErrTimeout, false},
		{fmt.Errorf("step: %w", ErrCancelled), true},
		{fmt.Errorf("outer: %w", fmt.Errorf("inner: %w", ErrCancelled)), true},
		{errors.Join(ErrCancelled, nil), true},
		{errors.Join(ErrCancelled, ErrCancelled), true},
		{errors.Join(nil, fmt.Errorf("wait: %w", ErrCancelled)), true},
		{errors.Join(ErrCancelled, failed), false},
		{errors.Join(failed, ErrCancelled), false},
		{fmt.Errorf("%w and %w", ErrCancelled, failed), false},
		{fmt.Errorf("step: %w", errors.Join(ErrCancelled, failed)), false},
		{fmt.Errorf("step: %v", ErrCancelled), false}, // not wrapped
	} {
		if got := isCancellation(c.err); got != c.want {
			t.Errorf("isCancellation(%q) = %v, want %v", c.err, got, c.want)
		}
	}
}
