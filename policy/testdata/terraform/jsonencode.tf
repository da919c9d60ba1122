# jsonencode of literal values: Terraform sorts the keys; findings point at each value.
resource "tencentcloud_cam_policy" "encoded" {
  name = "e"
  document = jsonencode({
    Version = "2.0"
    statement = [
      {
        effect   = "allow"
        action   = ["cvm:describeinstances", "cvm:Describe*", "cvm:Nothing*"]
        resource = ["qcs::cvm:ap-guangzhou:uin/100000000001:instance/*"]
      },
      {
        "effect" = "deny"
        action   = "cos:*"
        resource = ["*"]
        condition = {
          ip_equal = { "qcs:ip" = ["10.0.0.0/8"] }
          numeric_equal = { "cos:content-length" = 12 }
        }
      },
    ]
  })
}
