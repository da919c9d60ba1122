# A heredoc document: positions are those of the JSON in this file.
resource "tencentcloud_cam_policy" "ops" {
  name     = "ops"
  document = <<EOF
{
  "Version": "2.0",
  "statement": [
    {"effect": "Allow", "action": ["cvm:DescribeInstance", "cos:GetObject"], "resource": ["*"]}
  ]
}
EOF
}

# An indented heredoc: Terraform drops the indentation, camerr still points at the value.
resource "tencentcloud_cam_policy" "indented" {
  name     = "indented"
  document = <<-EOT
    {
      "version": "2.0",
      "statement": [{"effect": "deny", "action": ["cvm:Foo"], "resource": ["*"]}]
    }
    EOT
}

# $${ is Terraform's escape for a literal ${: a policy variable.
resource "tencentcloud_cam_policy" "variables" {
  name     = "vars"
  document = <<EOF
{"version": "2.0", "statement": [{"effect": "allow", "action": ["cos:GetObject"], "resource": ["qcs::cos::uid/$${app_id}:bucket-$${nope}/*"]}]}
EOF
}
