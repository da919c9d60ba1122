# A role's document is a trust policy: principal required, no resource.
resource "tencentcloud_cam_role" "ci" {
  name     = "ci"
  document = jsonencode({
    version = "2.0"
    statement = [{
      effect = "allow"
      action = ["name/sts:AssumeRole"]
    }]
  })
}

resource "tencentcloud_cam_role_by_name" "svc" {
  name     = "svc"
  document = <<EOF
{"version":"2.0","statement":[{"effect":"allow","action":["name/sts:AssumeRole"],"principal":{"service":["scf.qcloud.com"]}}]}
EOF
}

# file(): the caller reads the file, relative to this one.
resource "tencentcloud_cam_role" "from_file" {
  name     = "f"
  document = file("${path.module}/trust.json")
}
