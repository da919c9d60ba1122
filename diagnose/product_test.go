package diagnose

import (
	"fmt"
	"strings"
	"testing"
)

func TestFindProductHint(t *testing.T) {
	for _, tc := range []struct {
		line, service, from string
	}{
		{`POST https://cvm.tencentcloudapi.com/ HTTP/1.1`, "cvm", "host"},
		{`Post "https://cvm.ap-guangzhou.tencentcloudapi.com": dial tcp: i/o timeout`, "cvm", "host"},
		{`endpoint=clb.intl.tencentcloudapi.com`, "clb", "host"},
		{`$ tccli cdn PurgeUrlsCache --Urls '["https://a/"]'`, "cdn", "tccli"},
		{`	/go/pkg/mod/github.com/tencentcloud/tencentcloud-sdk-go/tencentcloud/scf/v20180416/client.go:1234`, "scf", "sdk-path"},
		{`  File "/usr/lib/python3/site-packages/tencentcloud/ssl/v20191205/ssl_client.py", line 99, in UploadCertificate`, "ssl", "sdk-path"},
		{`from tencentcloud.teo.v20220901 import teo_client, models`, "teo", "sdk-path"},
		{`	at com.tencentcloudapi.tmt.v20180321.TmtClient.TextTranslate(TmtClient.java:120)`, "tmt", "sdk-path"},
		{`    at node_modules/tencentcloud-sdk-nodejs/tencentcloud/services/sms/v20210111/sms_client.js:71`, "sms", "sdk-path"},
		{`PHP Fatal error: Uncaught TencentCloud\Common\Exception\TencentCloudSDKException in TencentCloud\Dnspod\V20210323\DnspodClient`, "dnspod", "sdk-path"},
		{`   at TencentCloud.Tts.V20190823.TtsClient.TextToVoice(TextToVoiceRequest req)`, "tts", "sdk-path"},
		{`  with tencentcloud_cam_policy.ops,`, "cam", "terraform"},
		{`resource "tencentcloud_instance" "web" {`, "cvm", "terraform"},
		{`  with tencentcloud_kubernetes_cluster.main,`, "tke", "terraform"},
		{`  with tencentcloud_clb_listener.http,`, "clb", "terraform"},
	} {
		h, ok := FindProductHint(tc.line)
		if !ok || h.Service != tc.service || h.From != tc.from {
			t.Errorf("FindProductHint(%q) = %+v, %v; want %s from %s", tc.line, h, ok, tc.service, tc.from)
		}
	}
	for _, line := range []string{
		`https://api.tencentcloudapi.com/`, // the generic endpoint names no product
		`an error happened`,
		`{"Response":{"Error":{"Code":"InternalError"}}}`,
	} {
		if h, ok := FindProductHint(line); ok {
			t.Errorf("FindProductHint(%q) = %+v, want none", line, h)
		}
	}
}

// FuzzFindProductHint: any line, no panic, and a hint is always a plain lower-case word.
func FuzzFindProductHint(f *testing.F) {
	f.Add(`https://cvm.ap-guangzhou.tencentcloudapi.com`)
	f.Add(`TencentCloud\Cvm\V20170312`)
	f.Add(`tencentcloud_`)
	f.Fuzz(func(t *testing.T, line string) {
		h, ok := FindProductHint(line)
		if !ok {
			return
		}
		for _, r := range h.Service {
			if (r < 'a' || r > 'z') && (r < '0' || r > '9') {
				t.Fatalf("FindProductHint(%q) = %q, not a service id", line, h.Service)
			}
		}
	})
}

// TestProductContext: the product a paste names near a response, as real pastes name it.
func TestProductContext(t *testing.T) {
	plain := strings.Repeat("plain line\n", productWindow)
	goErr := "[TencentCloudSDKError] Code=InternalError, Message=m, RequestId=r\n"
	for _, tc := range []struct {
		name, in string
		want     []ProductHint // one per finding, in order
	}{
		{"host on the line before", "DEBUG POST https://cvm.tencentcloudapi.com/\n" + goErr,
			[]ProductHint{{Service: "cvm", From: "host"}}},
		{"host in the error itself", `[TencentCloudSDKError] Code=ClientError.NetworkError, Message=Post "https://clb.ap-guangzhou.tencentcloudapi.com": timeout, RequestId=` + "\n",
			[]ProductHint{{Service: "clb", From: "host"}}},
		{"host too far above", "POST https://cvm.tencentcloudapi.com/\n" + plain + goErr,
			[]ProductHint{{}}},
		{"the nearest above wins", "POST https://cvm.tencentcloudapi.com/\nPOST https://vpc.tencentcloudapi.com/\n" + goErr,
			[]ProductHint{{Service: "vpc", From: "host"}}},
		{"tccli command", "$ tccli cdn PurgeUrlsCache --Urls '[\"https://a/\"]'\n[TencentCloudSDKException] code:InternalError message:m requestId:r\n",
			[]ProductHint{{Service: "cdn", From: "tccli"}}},
		{"python traceback above", "Traceback (most recent call last):\n  File \"/app/main.py\", line 9, in <module>\n  File \"/usr/lib/python3/site-packages/tencentcloud/ssl/v20191205/ssl_client.py\", line 99, in UploadCertificate\n    raise TencentCloudSDKException(type(e).__name__, str(e))\ntencentcloud.common.exception.tencent_cloud_sdk_exception.TencentCloudSDKException: [TencentCloudSDKException] code:InternalError message:m requestId:r\n",
			[]ProductHint{{Service: "ssl", From: "sdk-path"}}},
		{"java stack below beats a host above", "POST https://cvm.tencentcloudapi.com/\n[TencentCloudSDKException]code: InternalError message:m requestId:r\n\tat com.tencentcloudapi.tmt.v20180321.TmtClient.TextTranslate(TmtClient.java:120)\n",
			[]ProductHint{{Service: "tmt", From: "sdk-path"}}},
		{"node stack", strings.Replace(nodeOut, "tencentcloud/common", "tencentcloud/services/sms/v20210111", 1),
			[]ProductHint{{Service: "sms", From: "sdk-path"}}},
		{"terraform resource", tfError, []ProductHint{{Service: "vpc", From: "terraform"}}},
		{"action in the body", `{"Action":"RunInstances","Response":{"Error":{"Code":"InternalError","Message":"m"},"RequestId":"r"}}` + "\n",
			[]ProductHint{{Action: "RunInstances", From: "action"}}},
		{"a denial's action", "[TencentCloudSDKError] Code=UnauthorizedOperation, Message=you are not authorized to perform operation (cvm:StopInstances), RequestId=r\n",
			[]ProductHint{{Service: "cvm", From: "denial"}}},
		{"the SDK's own names name nothing", "TencentCloud::Common::TencentCloudSDKException\n" + goErr,
			[]ProductHint{{}}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			fs, _ := scanString(t, tc.in, Options{})
			if len(fs) != len(tc.want) {
				t.Fatalf("%d findings, want %d: %+v", len(fs), len(tc.want), fs)
			}
			for i, f := range fs {
				if f.Product != tc.want[i] {
					t.Errorf("finding %d product %+v, want %+v", i, f.Product, tc.want[i])
				}
			}
			fs, _ = scanString(t, tc.in, Options{CodesOnly: true})
			for _, f := range fs {
				if f.Product != (ProductHint{}) {
					t.Errorf("a summary's finding has a product: %+v", f.Product)
				}
			}
			// Split anywhere, the parallel scan gives each finding the same product.
			for _, size := range []int{1, 7, 40} {
				scanBoth(t, []byte(strings.Repeat(tc.in, 3)), Options{KnownCode: knownCode}, size)
			}
		})
	}
}

// TestProductContextParallel: a log whose product lines fall just before block boundaries, as
// in a client that logs the host before every call; split anywhere, each finding keeps its
// product.
func TestProductContextParallel(t *testing.T) {
	var b strings.Builder
	for i := range 300 {
		fmt.Fprintf(&b, "POST https://%s.tencentcloudapi.com/\n", []string{"cvm", "vpc", "cdn"}[i%3])
		for range i % 15 {
			b.WriteString("plain\n")
		}
		fmt.Fprintf(&b, "[TencentCloudSDKError] Code=InternalError, Message=m%d, RequestId=r%d\n", i, i)
	}
	for _, size := range []int{64, 200, 1000, 4096} {
		scanBoth(t, []byte(b.String()), Options{KnownCode: knownCode}, size)
	}
	fs, _ := scanString(t, b.String(), Options{})
	named := 0
	for _, f := range fs {
		if f.Product.From == "host" {
			named++
		}
	}
	if named != 300*12/15 {
		t.Errorf("%d of %d findings have the host's product, want %d", named, len(fs), 300*12/15)
	}
}

// TestHostAt: the fast reader of API hosts agrees with FindProductHint.
func TestHostAt(t *testing.T) {
	for _, line := range []string{
		"POST https://cvm.tencentcloudapi.com/ HTTP/1.1", `Post "https://cvm.ap-guangzhou.tencentcloudapi.com": x`,
		"endpoint=clb.intl.tencentcloudapi.com", "https://api.tencentcloudapi.com/", "x.tencentcloudapi.com",
		"tencentcloudapi.com", "https://a-b.tencentcloudapi.com/", "Xcvm.tencentcloudapi.com",
	} {
		want, wok := FindProductHint(line)
		k := productTrigger([]byte(line))
		if k < 0 {
			if wok {
				t.Errorf("%q: no trigger, FindProductHint says %+v", line, want)
			}
			continue
		}
		got, ok := hintAt([]byte(line), k)
		if got != want || ok != wok {
			t.Errorf("hintAt(%q) = %+v, %v; FindProductHint says %+v, %v", line, got, ok, want, wok)
		}
	}
}

// FuzzProductTrigger: for any line, the trigger points inside it, and the fast host reader
// agrees with FindProductHint wherever it answers.
func FuzzProductTrigger(f *testing.F) {
	for _, s := range []string{"POST https://cvm.ap-guangzhou.tencentcloudapi.com/", "tccli cdn X", "TencentCloud\\Cvm\\V20170312",
		"x.tencentcloudapi.com", "tencentcloud_instance", "com.tencentcloudapi.tmt.v20180321", "TencentCloudSDKError"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, line string) {
		k := productTrigger([]byte(line))
		if k < -1 || k >= len(line) {
			t.Fatalf("trigger %d in a line of %d bytes", k, len(line))
		}
		if k < 0 {
			return
		}
		if h, ok := hostAt([]byte(line), k); ok {
			if w, wok := FindProductHint(line[max(0, k-64):]); !wok || w.From != "host" || w.Service != h.Service {
				t.Fatalf("hostAt(%q) = %+v; FindProductHint says %+v, %v", line, h, w, wok)
			}
		}
		hintAt([]byte(line), k)
	})
}
