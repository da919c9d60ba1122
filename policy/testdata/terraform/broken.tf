resource "tencentcloud_cam_policy" "x" {
  document = <<EOF
{"version": "2.0"}
