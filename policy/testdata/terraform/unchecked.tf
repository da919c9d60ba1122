# Documents that depend on what only Terraform knows are reported, never guessed.
variable "bucket" {}
locals {
  doc = "{}"
}

resource "tencentcloud_cam_policy" "var" {
  name     = "v"
  document = jsonencode({ version = "2.0", statement = [{ effect = "allow", action = ["cos:*"], resource = ["qcs::cos::uid/1:${var.bucket}/*"] }] })
}

resource "tencentcloud_cam_policy" "local" {
  name     = "l"
  document = local.doc
}

resource "tencentcloud_cam_policy" "template" {
  name     = "t"
  document = templatefile("policy.tpl", { bucket = "b" })
}

resource "tencentcloud_cam_policy" "interpolated" {
  name     = "i"
  document = <<EOF
{"version": "2.0", "statement": [{"effect": "allow", "action": ["cos:*"], "resource": ["qcs::cos::uid/1:${var.bucket}/*"]}]}
EOF
}

resource "tencentcloud_cam_policy" "function" {
  name     = "f"
  document = jsonencode({ version = "2.0", statement = [{ effect = "allow", action = ["cos:*"], resource = [format("qcs::cos::uid/%d:b/*", 1)] }] })
}

resource "tencentcloud_cam_policy" "file_var" {
  name     = "fv"
  document = file(var.bucket)
}

data "tencentcloud_cam_policy_document" "dynamic" {
  dynamic "statement" {
    for_each = ["a"]
    content {
      actions = ["cos:*"]
    }
  }
}

# Other resources are not CAM documents.
resource "tencentcloud_instance" "web" {
  instance_name = "web"
}
