#include "io/sigv4_signer.hpp"

#include <openssl/evp.h>
#include <openssl/hmac.h>

#include <algorithm>
#include <cctype>
#include <ctime>

namespace martlet {
namespace {

std::string Hex(const unsigned char* bytes, size_t length) {
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string out(length * 2, '0');
  for (size_t i = 0; i < length; i++) {
    out[2 * i] = kDigits[bytes[i] >> 4];
    out[2 * i + 1] = kDigits[bytes[i] & 15];
  }
  return out;
}

std::string Lower(std::string_view text) {
  std::string out(text);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

// A header value in canonical form: no leading or trailing blanks, inner runs of blanks as
// one space (AWS's get-header-value-trim vector).
std::string TrimHeaderValue(std::string_view value) {
  std::string out;
  bool pending_space = false;
  for (char c : value) {
    if (c == ' ' || c == '\t') {
      pending_space = !out.empty();
      continue;
    }
    if (pending_space) out += ' ';
    pending_space = false;
    out += c;
  }
  return out;
}

std::vector<std::pair<std::string, std::string>> CanonicalHeaders(const SigningRequest& request) {
  std::vector<std::pair<std::string, std::string>> headers;
  for (const auto& [name, value] : request.headers)
    headers.emplace_back(Lower(name), TrimHeaderValue(value));
  std::stable_sort(headers.begin(), headers.end(),
                   [](const auto& a, const auto& b) { return a.first < b.first; });
  // Repeated headers are one header with the values joined by commas.
  std::vector<std::pair<std::string, std::string>> merged;
  for (auto& header : headers) {
    if (!merged.empty() && merged.back().first == header.first) {
      merged.back().second += "," + header.second;
    } else {
      merged.push_back(std::move(header));
    }
  }
  return merged;
}

std::string DateOf(const SigningScope& scope) { return scope.amz_date.substr(0, 8); }

std::string CredentialScope(const SigningScope& scope) {
  return DateOf(scope) + "/" + scope.region + "/" + scope.service + "/aws4_request";
}

}  // namespace

std::string Sha256Hex(std::string_view data) {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int length = 0;
  EVP_Digest(data.data(), data.size(), digest, &length, EVP_sha256(), nullptr);
  return Hex(digest, length);
}

std::string HmacSha256(std::string_view key, std::string_view data) {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int length = 0;
  HMAC(EVP_sha256(), key.data(), static_cast<int>(key.size()),
       reinterpret_cast<const unsigned char*>(data.data()), data.size(), digest, &length);
  return std::string(reinterpret_cast<const char*>(digest), length);
}

std::string UriEncode(std::string_view text, bool keep_slash) {
  static constexpr char kDigits[] = "0123456789ABCDEF";
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
    unsigned char byte = static_cast<unsigned char>(c);
    if (std::isalnum(byte) || c == '-' || c == '.' || c == '_' || c == '~' ||
        (keep_slash && c == '/')) {
      out += c;
    } else {
      out += '%';
      out += kDigits[byte >> 4];
      out += kDigits[byte & 15];
    }
  }
  return out;
}

std::string CanonicalQueryString(const std::vector<std::pair<std::string, std::string>>& query) {
  std::vector<std::pair<std::string, std::string>> encoded;
  for (const auto& [name, value] : query)
    encoded.emplace_back(UriEncode(name, false), UriEncode(value, false));
  std::sort(encoded.begin(), encoded.end());
  std::string out;
  for (const auto& [name, value] : encoded) {
    if (!out.empty()) out += '&';
    out += name + "=" + value;
  }
  return out;
}

std::string SignedHeaderNames(const SigningRequest& request) {
  std::string out;
  for (const auto& header : CanonicalHeaders(request)) {
    if (!out.empty()) out += ';';
    out += header.first;
  }
  return out;
}

std::string CanonicalRequest(const SigningRequest& request) {
  std::string out = request.method + "\n" + UriEncode(request.path, true) + "\n" +
                    CanonicalQueryString(request.query) + "\n";
  for (const auto& [name, value] : CanonicalHeaders(request)) out += name + ":" + value + "\n";
  out += "\n" + SignedHeaderNames(request) + "\n" + request.payload_sha256;
  return out;
}

std::string StringToSign(const SigningScope& scope, std::string_view canonical_request) {
  return "AWS4-HMAC-SHA256\n" + scope.amz_date + "\n" + CredentialScope(scope) + "\n" +
         Sha256Hex(canonical_request);
}

std::string SigningKey(std::string_view secret_access_key, const SigningScope& scope) {
  std::string key = HmacSha256("AWS4" + std::string(secret_access_key), DateOf(scope));
  key = HmacSha256(key, scope.region);
  key = HmacSha256(key, scope.service);
  return HmacSha256(key, "aws4_request");
}

std::string Signature(const AwsCredentials& credentials, const SigningScope& scope,
                      const SigningRequest& request) {
  std::string mac = HmacSha256(SigningKey(credentials.secret_access_key, scope),
                               StringToSign(scope, CanonicalRequest(request)));
  return Hex(reinterpret_cast<const unsigned char*>(mac.data()), mac.size());
}

std::string AuthorizationHeader(const AwsCredentials& credentials, const SigningScope& scope,
                                const SigningRequest& request) {
  return "AWS4-HMAC-SHA256 Credential=" + credentials.access_key_id + "/" + CredentialScope(scope) +
         ", SignedHeaders=" + SignedHeaderNames(request) +
         ", Signature=" + Signature(credentials, scope, request);
}

void SignRequest(const AwsCredentials& credentials, const SigningScope& scope,
                 SigningRequest& request) {
  request.headers.emplace_back("X-Amz-Date", scope.amz_date);
  if (!credentials.session_token.empty())
    request.headers.emplace_back("X-Amz-Security-Token", credentials.session_token);
  std::string authorization = AuthorizationHeader(credentials, scope, request);
  request.headers.emplace_back("Authorization", std::move(authorization));
}

std::string AmzDateNow() {
  std::time_t now = std::time(nullptr);
  std::tm utc{};
  gmtime_r(&now, &utc);
  char text[32];
  std::strftime(text, sizeof text, "%Y%m%dT%H%M%SZ", &utc);
  return text;
}

}  // namespace martlet
