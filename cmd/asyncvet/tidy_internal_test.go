package main

import "testing"

func TestTidyText(t *testing.T) {
	for _, c := range []struct{ name, in, want string }{
		{
			name: "sorted by file, line and column, rule by rule as printed",
			in: "/m/b.go:3:1: outsideasync\n" +
				"/m/a.go:9:2: outsideasync\n" +
				"/m/a.go:10:1: blocking\n" +
				"/m/a.go:9:1: blocking\n",
			want: "/m/a.go:9:1: blocking\n" +
				"/m/a.go:9:2: outsideasync\n" +
				"/m/a.go:10:1: blocking\n" +
				"/m/b.go:3:1: outsideasync\n",
		},
		{
			name: "each run of diagnostics sorted, the lines between kept in place",
			in: "/m/a.go:5:1: type error\n" +
				"/m/a.go:2:1: type error\n" +
				"blocking: analysis skipped due to errors in package\n" +
				"/m/a.go:4:1: generated\n" +
				"/m/a.go:1:1: generated\n",
			want: "/m/a.go:2:1: type error\n" +
				"/m/a.go:5:1: type error\n" +
				"blocking: analysis skipped due to errors in package\n" +
				"/m/a.go:1:1: generated\n" +
				"/m/a.go:4:1: generated\n",
		},
		{
			name: "printed once: per package variant, and the copy in a generated file",
			in: "/m/a.go:15:41: not enough arguments\n\thave (string)\n\twant (string, int)\n" +
				"/m/a.go:15: not enough arguments\n\thave (string)\n\twant (string, int)\n" +
				"/m/a.go:15:41: not enough arguments\n\thave (string)\n\twant (string, int)\n" +
				"/m/a.go:15: not enough arguments\n\thave (string)\n\twant (string, int)\n" +
				"/m/a.go:20: only in the generated file\n" +
				"noawait: analysis skipped due to errors in package\n" +
				"noawait: analysis skipped due to errors in package\n",
			want: "/m/a.go:15:41: not enough arguments\n\thave (string)\n\twant (string, int)\n" +
				"/m/a.go:20: only in the generated file\n" +
				"noawait: analysis skipped due to errors in package\n",
		},
		{
			name: "source lines of -c and related information go with their diagnostic",
			in: "/m/a.go:7:2: second\n" +
				"6\tx := 1\n" +
				"7\ty := 2\n" +
				"/m/a.go:3:1: \trelated to second\n" +
				"/m/a.go:2:2: first\n" +
				"2\tz := 3\n",
			want: "/m/a.go:2:2: first\n" +
				"2\tz := 3\n" +
				"/m/a.go:7:2: second\n" +
				"6\tx := 1\n" +
				"7\ty := 2\n" +
				"/m/a.go:3:1: \trelated to second\n",
		},
		{
			name: "a drive letter is part of the file; a log line is not a position",
			in: "asyncvet: a.go:1:1: failed\n" +
				`C:\m\b.go:2:1: b` + "\n" +
				`C:\m\a.go:3:1: a` + "\n",
			want: "asyncvet: a.go:1:1: failed\n" +
				`C:\m\a.go:3:1: a` + "\n" +
				`C:\m\b.go:2:1: b` + "\n",
		},
		{
			name: "blank lines are kept",
			in:   "x\n\n\ny\n",
			want: "x\n\n\ny\n",
		},
	} {
		if got := string(tidyText([]byte(c.in))); got != c.want {
			t.Errorf("%s:\ngot:\n%s\nwant:\n%s", c.name, got, c.want)
		}
	}
}

func TestAnalysisRun(t *testing.T) {
	for _, c := range []struct {
		args []string
		want bool
	}{
		{[]string{"./..."}, true},
		{[]string{"-json", "./..."}, true},
		{[]string{"-c=2", "-blocking", "./x"}, true},
		{[]string{"-fix", "--", "./x"}, true},
		{nil, false},
		{[]string{"-V=full"}, false},
		{[]string{"-flags"}, false},
		{[]string{"-json", "-c=1", "/tmp/vet.cfg"}, false},
		{[]string{"help"}, false},
		{[]string{"help", "directcall"}, false},
		{[]string{"-h"}, false},
		{[]string{"--help"}, false},
	} {
		if got := analysisRun(c.args); got != c.want {
			t.Errorf("analysisRun(%q) = %v, want %v", c.args, got, c.want)
		}
	}
}
