# A quoted string: escapes (\" \\ \u) take several characters of the file; columns count them.
resource "tencentcloud_cam_policy" "quoted" {
  name     = "q"
  document = "{\"version\":\"2.0\",\"statement\":[{\"effect\":\"Allow\",\"action\":[\"cos:GetObjects\"],\"resource\":[\"qcs::cos::uid/1:b\u00e9/*\"]}]}"
}

resource "tencentcloud_cam_policy" "single_resource" {
  name     = "s"
  document = "{\"version\":\"2.0\",\"statement\":[{\"effect\":\"allow\",\"action\":\"*\",\"resource\":\"*\"}]}"
}

resource "tencentcloud_cam_policy" "not_json" {
  name     = "n"
  document = "{\"version\":\"2.0\","
}
