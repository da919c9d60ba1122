package diagnose

import (
	"bytes"
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/camerr/camerr/bench/explain/loggen"
)

// smallLimits are limits for a block size: a budget of a few blocks, and workers that stop
// early after a few findings.
func smallLimits(size int) limits {
	return limits{block: size, budget: 4 * (size + tailSize + 2*2048), held: 2048}
}

// scanBoth scans in sequentially and in parallel with the given block size, and fails unless
// both give the same findings and stats.
func scanBoth(t testing.TB, in []byte, opts Options, size int) {
	t.Helper()
	scanBothLimits(t, in, opts, smallLimits(size), 2)
}

// scanBothLimits is scanBoth with the parallel scan's limits and workers given.
func scanBothLimits(t testing.TB, in []byte, opts Options, lim limits, workers int) {
	t.Helper()
	if msg := compareScans(in, opts, lim, workers); msg != "" {
		t.Fatal(msg)
	}
}

// compareScans scans in sequentially and in parallel and says how the two differ, if they do.
func compareScans(in []byte, opts Options, lim limits, workers int) string {
	var a, b []Finding
	sa, errA := scanSequential(bytes.NewReader(in), opts, func(f Finding) error { a = append(a, f); return nil })
	sb, errB := scanParallel(bytes.NewReader(in), opts, func(f Finding) error { b = append(b, f); return nil }, workers, lim)
	if !errors.Is(errA, errB) && !errors.Is(errB, errA) || sa != sb {
		return fmt.Sprintf("limits %+v, %d workers: stats\nseq %v %+v\npar %v %+v", lim, workers, errA, sa, errB, sb)
	}
	if da, db := dump(a), dump(b); da != db {
		return fmt.Sprintf("limits %+v, %d workers: findings differ\nseq:\n%s\npar:\n%s", lim, workers, da, db)
	}
	return ""
}

// parallelInputs puts every multi-line form next to block boundaries.
func parallelInputs() []string {
	var ins []string
	mixed := strings.Join([]string{tfError, tccliOut, nodeOut,
		"{\n  \"Response\": {\n    \"Error\": {\"Code\": \"InternalError\", \"Message\": \"m\"},\n    \"RequestId\": \"r\"\n  }\n}",
		"[TencentCloudSDKError] Code=UnauthorizedOperation, Message=you are not authorized to perform operation (a:B)\nresource (*) has no permission\n, RequestId=r",
		"[TencentCloudSDKException] code:X message:a\nb\n requestId:None",
		"denied: you are not authorized to perform operation (cvm:StopInstances)\nresource (qcs::cvm:ap-guangzhou:uin/1:instance/ins-abc) has no permission",
		"{'code': 4102,\n 'codeDesc': 'SecretidNotAuthAccessResource',\n 'message': 'denied'}",
		"func main() {\n\tfmt.Println(\"Service error: InternalError\")\n}",
		`{"code":4000,"message":"(100004)x","codeDesc":"InvalidParameter","requestId":1}`,
		"Service error: AuthFailure.SignatureFailure: bad", "plain line", "",
	}, "\n")
	ins = append(ins, mixed, strings.Repeat(mixed+"\n", 7), "{\n"+strings.Repeat("\"a\",\n", 300)+"}\n"+mixed)
	// A body open for longer than a worker reads on past its block end (tailSize): the merger
	// scans it.
	ins = append(ins, mixed+"\n{\n  \"Response\": {\n"+strings.Repeat("    \"Key\": \"v\",\n", 1500)+
		"    \"Error\": {\"Code\": \"InternalError\", \"Message\": \"m\"}\n  }\n}\n"+mixed)
	var buf bytes.Buffer
	loggen.Write(&buf, 200<<10, 7)
	ins = append(ins, buf.String(), mixed+"\n"+buf.String()+mixed)
	return ins
}

func TestParallelMatchesSequential(t *testing.T) {
	for i, in := range parallelInputs() {
		for _, size := range []int{1, 16, 97, 500, 4096, 1 << 20} {
			for _, opts := range []Options{
				{Source: "p", KnownCode: knownCode},
				{Source: "p", KnownCode: knownCode, CodesOnly: true, MaxRecord: 120},
			} {
				t.Run("", func(t *testing.T) {
					_ = i
					scanBoth(t, []byte(in), opts, size)
				})
			}
		}
	}
}

// TestParallelLongLines: lines over MaxRecord between blocks are skipped and counted the same.
func TestParallelLongLines(t *testing.T) {
	long := strings.Repeat("x", 300)
	in := "[TencentCloudSDKError] Code=A.B, Message=m\n" + long + "\n{\n\"code\": 0,\n\"codeDesc\": \"Success\"\n" + long + "\n}\n" + long
	for _, size := range []int{1, 50, 100, 299, 301, 1000} {
		scanBoth(t, []byte(in), Options{MaxRecord: 200}, size)
	}
}

func TestParallelEmitError(t *testing.T) {
	var buf bytes.Buffer
	loggen.Write(&buf, 3<<20, 3)
	stop := errors.New("stop")
	n := 0
	_, err := scanParallel(bytes.NewReader(buf.Bytes()), Options{}, func(Finding) error {
		n++
		if n == 1000 {
			return stop
		}
		return nil
	}, 2, smallLimits(64<<10))
	if err != stop || n != 1000 {
		t.Errorf("err %v after %d", err, n)
	}
}
