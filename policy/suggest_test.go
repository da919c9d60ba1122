package policy

import "testing"

func TestSuggest(t *testing.T) {
	for _, tt := range []struct {
		name   string
		grants []Grant
		want   string
	}{
		{"none", []Grant{{Resources: []string{"qcs::cos:ap-guangzhou:uid/1250000000:b-1250000000/k"}}}, ""},
		{"no resource is *", []Grant{{Actions: []string{"cvm:StopInstances"}}},
			`{"version":"2.0","statement":[{"effect":"allow","action":["cvm:StopInstances"],"resource":["*"]}]}`},
		{"same resources share a statement, actions once",
			[]Grant{{Actions: []string{"cvm:StartInstances"}, Resources: []string{"qcs::cvm:ap-guangzhou:uin/1:instance/ins-1"}}, {Actions: []string{"cvm:StopInstances", "cvm:StartInstances"}, Resources: []string{"qcs::cvm:ap-guangzhou:uin/1:instance/ins-1", "qcs::cvm:ap-guangzhou:uin/1:instance/ins-1"}}},
			`{"version":"2.0","statement":[{"effect":"allow","action":["cvm:StartInstances","cvm:StopInstances"],"resource":["qcs::cvm:ap-guangzhou:uin/1:instance/ins-1"]}]}`},
		{"copy: source and target apart",
			[]Grant{{Actions: []string{"name/cos:PutObject"}, Resources: []string{"qcs::cos:ap-guangzhou:uid/1250000000:dst-1250000000/t"}},
				{Actions: []string{"name/cos:GetObject"}, Resources: []string{"qcs::cos:ap-beijing:uid/1250000000:src-1250000000/s&<>"}}},
			`{"version":"2.0","statement":[{"effect":"allow","action":["name/cos:PutObject"],"resource":["qcs::cos:ap-guangzhou:uid/1250000000:dst-1250000000/t"]},{"effect":"allow","action":["name/cos:GetObject"],"resource":["qcs::cos:ap-beijing:uid/1250000000:src-1250000000/s&<>"]}]}`},
	} {
		t.Run(tt.name, func(t *testing.T) {
			d := Suggest(tt.grants...)
			if got := d.JSON(); got != tt.want {
				t.Errorf("got  %s\nwant %s", got, tt.want)
			}
			if tt.want == "" {
				return
			}
			fs, err := Check([]byte(d.Indented()), Options{})
			if err != nil {
				t.Fatal(err)
			}
			for _, f := range fs {
				if f.Severity == SeverityError {
					t.Errorf("the indented document does not pass check: %+v", f)
				}
			}
		})
	}
}
