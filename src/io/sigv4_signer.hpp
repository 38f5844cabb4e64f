// AWS Signature Version 4: the canonical request, the string to sign, the signing key and
// the Authorization header, as AWS's "Signature Version 4 signing process" defines them.
// Pure functions of their inputs (the time is a parameter), so AWS's published test vectors
// check them byte for byte.
#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace martlet {

struct AwsCredentials {
  std::string access_key_id;
  std::string secret_access_key;
  std::string session_token;  // empty unless the credentials are temporary
};

// The parts of an HTTP request that SigV4 signs.
struct SigningRequest {
  std::string method;                                        // GET, PUT, ...
  std::string path;                                          // decoded, e.g. "/my key.csv"
  std::vector<std::pair<std::string, std::string>> query;    // decoded names and values
  std::vector<std::pair<std::string, std::string>> headers;  // must include Host
  std::string payload_sha256;                                // hex SHA-256 of the body
};

struct SigningScope {
  std::string amz_date;  // 20150830T123600Z
  std::string region;
  std::string service;  // "s3"
};

// Lower-case hex of SHA-256(data).
std::string Sha256Hex(std::string_view data);
// HMAC-SHA256(key, data), raw bytes.
std::string HmacSha256(std::string_view key, std::string_view data);
// RFC 3986 percent-encoding of everything but A-Z a-z 0-9 - . _ ~ (and '/' when keep_slash).
std::string UriEncode(std::string_view text, bool keep_slash);
// The query string in canonical form: names and values encoded, sorted by name then value.
std::string CanonicalQueryString(const std::vector<std::pair<std::string, std::string>>& query);

// "host;x-amz-date": the header names, lower case, sorted, joined by ';'.
std::string SignedHeaderNames(const SigningRequest& request);
std::string CanonicalRequest(const SigningRequest& request);
std::string StringToSign(const SigningScope& scope, std::string_view canonical_request);
// The derived key: HMAC chain over "AWS4" + secret, date, region, service, "aws4_request".
std::string SigningKey(std::string_view secret_access_key, const SigningScope& scope);
std::string Signature(const AwsCredentials& credentials, const SigningScope& scope,
                      const SigningRequest& request);
std::string AuthorizationHeader(const AwsCredentials& credentials, const SigningScope& scope,
                                const SigningRequest& request);

// Adds X-Amz-Date, X-Amz-Security-Token (for temporary credentials) and Authorization to
// `request.headers`, in that order, signing every header already there and the two new ones.
void SignRequest(const AwsCredentials& credentials, const SigningScope& scope,
                 SigningRequest& request);

// The current UTC time as 20150830T123600Z.
std::string AmzDateNow();

}  // namespace martlet
