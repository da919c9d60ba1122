# The tencentcloud_cam_policy_document data source: its statement blocks make the policy.
data "tencentcloud_cam_policy_document" "ops" {
  statement {
    effect    = "Allow"
    actions   = ["vpc:DescribeVpc", "vpc:DescribeVpcs"]
    resources = ["qcs::vpc:ap-guangzhou:uin/1:vpc/*"]
    condition {
      test     = "ip_equal"
      variable = "qcs:ip"
      values   = ["10.0.0.0/8"]
    }
    condition {
      test     = "ip_equal"
      variable = "qcs:ip"
      values   = ["192.168.0.1/32"]
    }
  }
  statement {
    actions   = ["cos:GetObject"]
    resources = ["*"]
  }
}

data "tencentcloud_cam_policy_document" "trust" {
  version = "2.0"
  statement {
    actions = ["name/sts:AssumeRole"]
    principal {
      type        = "qcs"
      identifiers = ["qcs::cam::uin/100000000001:root"]
    }
  }
}

# A resource that uses a data source says so, for the caller to check the data source instead.
resource "tencentcloud_cam_role" "uses" {
  name     = "u"
  document = data.tencentcloud_cam_policy_document.trust.json
}
