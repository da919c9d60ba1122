package diagnose

import (
	"regexp"
	"strings"
	"sync"
)

// A ProductHint is what a paste says about the product that answered: its service id as the
// API host, tccli, an SDK package path or a Terraform resource type writes it, and which of
// those said so. The caller checks the id against the catalog.
type ProductHint struct {
	// Service is the service id the paste names, "" when it names only an API action.
	Service string `json:"service,omitempty"`
	// Action is the API action a body's Action field names ("RunInstances"), which the caller
	// may match against the actions documented to return the code.
	Action string `json:"action,omitempty"`
	// From is "host", "tccli", "sdk-path", "terraform", "action" or "denial" (the CAM actions
	// a denial names); "" for no hint.
	From string `json:"from,omitempty"`
}

// productPatterns are compiled on first use, not at every start of camerr.
var productPatterns = sync.OnceValue(func() (p struct{ host, tccli, sdkPath, sdkNamespace, terraform *regexp.Regexp }) {
	// cvm.tencentcloudapi.com, cvm.ap-guangzhou.tencentcloudapi.com, cvm.intl.tencentcloudapi.com
	p.host = regexp.MustCompile(`\b([a-z][a-z0-9]*)\.(?:[a-z0-9-]+\.)?tencentcloudapi\.com\b`)
	// tccli cvm DescribeInstances
	p.tccli = regexp.MustCompile(`\btccli\s+([a-z][a-z0-9]*)\s+[A-Z][A-Za-z0-9]+\b`)
	// tencentcloud/cvm/v20170312 (Go, Python and Node.js paths), tencentcloud.cvm.v20170312
	// (Python modules), com.tencentcloudapi.cvm.v20170312 (Java)
	p.sdkPath = regexp.MustCompile(`\btencentcloud(?:api)?[./](?:services/)?([a-z][a-z0-9]*)[./]v\d{8}\b`)
	// TencentCloud\Cvm\V20170312 (PHP), TencentCloud.Cvm.V20170312 (.NET)
	p.sdkNamespace = regexp.MustCompile(`\bTencentCloud(?:\\\\?|\.)([A-Z][a-z0-9]+)(?:\\\\?|\.)V\d{8}\b`)
	// tencentcloud_cam_policy.ops, resource "tencentcloud_instance" "web"
	p.terraform = regexp.MustCompile(`\btencentcloud_([a-z][a-z0-9_]*)`)
	return p
})

// terraformServices maps the Terraform resource types whose name does not start with their
// service id to that id; every other type's first word is its service (tencentcloud_cam_policy
// is cam's).
var terraformServices = sync.OnceValue(func() map[string]string {
	return map[string]string{
		"instance": "cvm", "key_pair": "cvm", "image": "cvm", "placement_group": "cvm", "reserved_instance": "cvm",
		"eni": "vpc", "subnet": "vpc", "security_group": "vpc", "eip": "vpc", "nat_gateway": "vpc",
		"route_table": "vpc", "route_entry": "vpc", "vpn": "vpc", "ha_vip": "vpc", "ccn": "vpc",
		"mysql": "cdb", "kubernetes": "tke", "postgresql": "postgres", "api_gateway": "apigateway",
		"elasticsearch": "es", "css": "live", "lb": "clb", "alb": "clb",
	}
})

// FindProductHint returns the product a line of a paste names, if it names one.
func FindProductHint(line string) (ProductHint, bool) {
	re := productPatterns()
	if m := re.host.FindStringSubmatch(line); m != nil && m[1] != "api" && m[1] != "www" {
		return ProductHint{Service: m[1], From: "host"}, true
	}
	if m := re.tccli.FindStringSubmatch(line); m != nil {
		return ProductHint{Service: m[1], From: "tccli"}, true
	}
	if m := re.sdkPath.FindStringSubmatch(line); m != nil {
		return ProductHint{Service: m[1], From: "sdk-path"}, true
	}
	if m := re.sdkNamespace.FindStringSubmatch(line); m != nil {
		return ProductHint{Service: strings.ToLower(m[1]), From: "sdk-path"}, true
	}
	if m := re.terraform.FindStringSubmatch(line); m != nil {
		return ProductHint{Service: terraformService(m[1]), From: "terraform"}, true
	}
	return ProductHint{}, false
}

// terraformService names the service of a Terraform resource type (without "tencentcloud_").
func terraformService(typ string) string {
	for prefix, svc := range terraformServices() {
		if typ == prefix || strings.HasPrefix(typ, prefix+"_") {
			return svc
		}
	}
	first, _, _ := strings.Cut(typ, "_")
	return first
}
