package diagnose

import "testing"

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
