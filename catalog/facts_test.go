package catalog

import (
	"reflect"
	"testing"
	"testing/fstest"
)

// fakeSDK is the smallest tencentcloud-sdk-go tree: two versions of one service, a common
// folder to skip, and products.md.
var fakeSDK = fstest.MapFS{
	"products.md":                   {Data: []byte("| cvm | [云服务器](https://cloud.tencent.com/document/product/213) | 2026-08-21 |\n")},
	"tencentcloud/common/errors.go": {Data: []byte("const X = \"Ignored\"\n")},
	"tencentcloud/cvm/v20170312/errors.go": {Data: []byte(`package v20170312

const (
	// 此产品的特有错误码

	// 操作失败。
	FAILEDOPERATION = "FailedOperation"

	// 实例类型不可用。
	RESOURCEUNAVAILABLE_INSTANCETYPE = "ResourceUnavailable.InstanceType"
)
`)},
	"tencentcloud/cvm/v20170312/client.go": {Data: []byte(`package v20170312

// RunInstances
// 可能返回的错误码:
//  FAILEDOPERATION = "FailedOperation"
//  RESOURCEUNAVAILABLE_INSTANCETYPE = "ResourceUnavailable.InstanceType"
func (c *Client) RunInstances(request *RunInstancesRequest) (response *RunInstancesResponse, err error) {
	return c.RunInstancesWithContext(context.Background(), request)
}

// RunInstances
// 可能返回的错误码:
//  FAILEDOPERATION = "FailedOperation"
//  RESOURCEUNAVAILABLE_INSTANCETYPE = "ResourceUnavailable.InstanceType"
func (c *Client) RunInstancesWithContext(ctx context.Context, request *RunInstancesRequest) (response *RunInstancesResponse, err error) {
	return
}

// DescribeZones
func (c *Client) DescribeZonesWithContext(ctx context.Context, request *DescribeZonesRequest) (response *DescribeZonesResponse, err error) {
	return
}
`)},
	"tencentcloud/cvm/v20250101/errors.go": {Data: []byte("const (\n\tFAILEDOPERATION = \"FailedOperation\"\n)\n")},
}

// TestReadSDK reads the facts a refresh writes out of an SDK tree.
func TestReadSDK(t *testing.T) {
	f, err := ReadSDK(fakeSDK)
	if err != nil {
		t.Fatal(err)
	}
	want := &SDKFacts{
		Services: [][]string{{"cvm", "v20250101,v20170312", "213"}},
		Codes: [][]string{
			{"cvm", "v20170312", "FailedOperation", "RunInstances"},
			{"cvm", "v20250101", "FailedOperation", ""},
			{"cvm", "v20170312", "ResourceUnavailable.InstanceType", "RunInstances"},
		},
		Actions: [][]string{{"cvm", "v20170312", "DescribeZones"}, {"cvm", "v20170312", "RunInstances"}},
	}
	if !reflect.DeepEqual(f, want) {
		t.Errorf("ReadSDK = %v, want %v", f, want)
	}
	// What a refresh writes reads back the same, and Build accepts it as facts.
	files := f.Files("144f6c8d39e410da77a70472f1416e9903740593", "2026-08-21")
	fsys := fstest.MapFS{}
	for name, b := range files {
		fsys[name] = &fstest.MapFile{Data: b}
	}
	back, err := ReadFacts(fsys)
	if err != nil || !reflect.DeepEqual(back, f) {
		t.Errorf("ReadFacts(Files(f)) = %v, %v; want %v", back, err, f)
	}
	data := fstest.MapFS{"core.txt": {Data: []byte("[v3 common FailedOperation]\ndescription: d.\naction: a.\nsource: s\n\n[v3 common ResourceUnavailable]\ndescription: d.\naction: a.\nsource: s\n")},
		"cos.txt":          {Data: []byte("")},
		"products/cvm.txt": {Data: []byte("[service cvm]\nname: Cloud Virtual Machine\n\n[v3 cvm FailedOperation]\ndescription: d.\n\n[v3 cvm ResourceUnavailable.InstanceType]\ndescription: d.\n")}}
	for name, b := range files {
		data["facts/"+name] = &fstest.MapFile{Data: b}
	}
	if _, err := Build(data); err != nil {
		t.Errorf("Build on refreshed facts: %v", err)
	}
}

// TestCompareFacts names what a refresh adds, removes and re-attributes.
func TestCompareFacts(t *testing.T) {
	prev := &SDKFacts{Codes: [][]string{{"cvm", "v1", "A", "X"}, {"cvm", "v1", "B", "X"}, {"cvm", "v1", "Gone", ""}}}
	next := &SDKFacts{Codes: [][]string{{"cvm", "v1", "A", "X"}, {"cvm", "v1", "B", "X,Y"}, {"cvm", "v2", "New", ""}}}
	got := CompareFacts(prev, next)
	want := FactsChange{Added: []string{"cvm New"}, Removed: []string{"cvm Gone"}, ReturnedBy: []string{"cvm B"}}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("CompareFacts = %+v, want %+v", got, want)
	}
}
