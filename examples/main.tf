resource "tencentcloud_cam_policy" "ops" {
  name = "ops"
  document = jsonencode({
    version = "2.0"
    statement = [{
      effect   = "allow"
      action   = ["cvm:DescribeInstance", "cos:getobject"]
      resource = ["*"]
    }]
  })
}

variable "bucket" {}

resource "tencentcloud_cam_policy" "logs" {
  name     = "logs"
  document = <<EOF
{"version": "2.0", "statement": [{"effect": "allow", "action": ["cos:PutObject"], "resource": ["qcs::cos::uid/1250000000:${var.bucket}/*"]}]}
EOF
}
