# Copyright: aurora.mysql contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations


class ModuleDocFragment:
    # Names, aliases and environment variables follow amazon.aws, so module_defaults carry over.
    DOCUMENTATION = r"""
options:
  region:
    description:
      - The AWS region to use.
      - Falls back to the E(AWS_REGION), then E(AWS_DEFAULT_REGION) environment variable, then the profile's region.
    type: str
    aliases: [aws_region, ec2_region]
  profile:
    description:
      - A named profile from the AWS shared credentials and config files.
      - Falls back to E(AWS_PROFILE). Mutually exclusive with O(access_key), O(secret_key) and O(session_token).
    type: str
    aliases: [aws_profile]
  access_key:
    description:
      - AWS access key ID. Falls back to E(AWS_ACCESS_KEY_ID).
      - When no credentials are given, boto3's default chain (environment, files, instance role) is used.
    type: str
    aliases: [aws_access_key_id, aws_access_key, ec2_access_key]
  secret_key:
    description:
      - AWS secret access key. Falls back to E(AWS_SECRET_ACCESS_KEY).
    type: str
    aliases: [aws_secret_access_key, aws_secret_key, ec2_secret_key]
  session_token:
    description:
      - AWS session token for temporary credentials. Falls back to E(AWS_SESSION_TOKEN).
    type: str
    aliases: [aws_session_token, security_token, aws_security_token, access_token]
  endpoint_url:
    description:
      - A URL to connect to instead of the default AWS endpoints, for example a local simulator.
      - Falls back to E(AWS_ENDPOINT_URL).
    type: str
    aliases: [aws_endpoint_url, ec2_url]
  validate_certs:
    description:
      - When V(false), SSL certificates are not validated. Only for endpoints you trust.
    type: bool
    default: true
  aws_ca_bundle:
    description:
      - The CA bundle to validate SSL certificates with. Falls back to E(AWS_CA_BUNDLE).
    type: path
  retry_mode:
    description:
      - botocore's retry mode for throttling and transient errors. V(adaptive) also rate-limits the client.
    type: str
    choices: [standard, adaptive]
    default: standard
  max_attempts:
    description:
      - Total attempts per API call, the first included, before an error is reported.
    type: int
    default: 10
notes:
  - The caller needs the IAM permissions of the API calls the module makes.
  - Requests carry C(aurora.mysql/<version>) in their user agent.
requirements:
  - python >= 3.9
  - boto3 >= 1.34.0
  - botocore >= 1.34.0
"""
