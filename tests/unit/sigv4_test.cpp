// The SigV4 signer against AWS's published vectors: the "aws-sig-v4-test-suite" requests
// (credentials AKIDEXAMPLE, region us-east-1, service "service", 20150830T123600Z) and the
// GetObject example of the S3 documentation ("Signature Calculations for the Authorization
// Header", GET /test.txt with a Range in examplebucket).
#include <gtest/gtest.h>

#include "io/sigv4_signer.hpp"

namespace martlet {
namespace {

const AwsCredentials kSuiteCredentials{"AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY",
                                       ""};
const SigningScope kSuiteScope{"20150830T123600Z", "us-east-1", "service"};
const std::string kEmptySha256 = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

SigningRequest SuiteRequest(std::string method, std::string path) {
  SigningRequest request;
  request.method = std::move(method);
  request.path = std::move(path);
  request.headers = {{"Host", "example.amazonaws.com"}, {"X-Amz-Date", "20150830T123600Z"}};
  request.payload_sha256 = kEmptySha256;
  return request;
}

struct Expected {
  std::string canonical_request;
  std::string string_to_sign;
  std::string signature;
};

void ExpectSigned(const SigningRequest& request, const Expected& expected,
                  const AwsCredentials& credentials = kSuiteCredentials) {
  EXPECT_EQ(CanonicalRequest(request), expected.canonical_request);
  EXPECT_EQ(StringToSign(kSuiteScope, CanonicalRequest(request)), expected.string_to_sign);
  EXPECT_EQ(Signature(credentials, kSuiteScope, request), expected.signature);
}

TEST(SigV4Test, GetVanilla) {
  SigningRequest request = SuiteRequest("GET", "/");
  ExpectSigned(
      request,
      {"GET\n/\n\nhost:example.amazonaws.com\nx-amz-date:20150830T123600Z\n\nhost;x-amz-date\n" +
           kEmptySha256,
       "AWS4-HMAC-SHA256\n20150830T123600Z\n20150830/us-east-1/service/aws4_request\n"
       "bb579772317eb040ac9ed261061d46c1f17a8133879d6129b6e1c25292927e63",
       "5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31"});
  EXPECT_EQ(AuthorizationHeader(kSuiteCredentials, kSuiteScope, request),
            "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, "
            "SignedHeaders=host;x-amz-date, "
            "Signature=5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31");
}

TEST(SigV4Test, PostVanilla) {
  SigningRequest request = SuiteRequest("POST", "/");
  EXPECT_EQ(Signature(kSuiteCredentials, kSuiteScope, request),
            "5da7c1a2acd57cee7505fc6676e4e544621c30862966e37dddb68e92efbe5d6b");
}

TEST(SigV4Test, GetVanillaQueryOrderKeyCase) {
  SigningRequest request = SuiteRequest("GET", "/");
  request.query = {{"Param2", "value2"}, {"Param1", "value1"}};
  ExpectSigned(
      request,
      {"GET\n/"
       "\nParam1=value1&Param2=value2\nhost:example.amazonaws.com\nx-amz-date:20150830T123600Z\n\n"
       "host;x-amz-date\n" +
           kEmptySha256,
       "AWS4-HMAC-SHA256\n20150830T123600Z\n20150830/us-east-1/service/aws4_request\n"
       "816cd5b414d056048ba4f7c5386d6e0533120fb1fcfa93762cf0fc39e2cf19e0",
       "b97d918cfa904a5beff61c982a1b6f458b799221646efd99d3219ec94cdf2500"});
}

TEST(SigV4Test, GetHeaderValueTrim) {
  SigningRequest request = SuiteRequest("GET", "/");
  request.headers = {{"Host", "example.amazonaws.com"},
                     {"My-Header1", " value1"},
                     {"My-Header2", " \"a   b   c\""},
                     {"X-Amz-Date", "20150830T123600Z"}};
  ExpectSigned(request,
               {"GET\n/\n\nhost:example.amazonaws.com\nmy-header1:value1\nmy-header2:\"a b c\"\n"
                "x-amz-date:20150830T123600Z\n\nhost;my-header1;my-header2;x-amz-date\n" +
                    kEmptySha256,
                "AWS4-HMAC-SHA256\n20150830T123600Z\n20150830/us-east-1/service/aws4_request\n"
                "a726db9b0df21c14f559d0a978e563112acb1b9e05476f0a6a1c7d68f28605c7",
                "acc3ed3afb60bb290fc8d2dd0098b9911fcaa05412b367055dee359757a9c736"});
}

TEST(SigV4Test, GetUnreservedCharactersStayAsTheyAre) {
  SigningRequest request =
      SuiteRequest("GET", "/-._~0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz");
  EXPECT_EQ(Signature(kSuiteCredentials, kSuiteScope, request),
            "07ef7494c76fa4850883e2b006601f940f8a34d404d0cfa977f52a65bbf5f24f");
}

TEST(SigV4Test, GetUtf8PathIsPercentEncoded) {
  SigningRequest request = SuiteRequest("GET", "/\xE1\x88\xB4");
  EXPECT_EQ(CanonicalRequest(request).substr(0, 15), "GET\n/%E1%88%B4\n");
  EXPECT_EQ(Signature(kSuiteCredentials, kSuiteScope, request),
            "8318018e0b0f223aa2bbf98705b62bb787dc9c0e678f255a891fd03141be5d85");
}

TEST(SigV4Test, GetSpaceInPath) {
  SigningRequest request = SuiteRequest("GET", "/example space/");
  EXPECT_EQ(CanonicalRequest(request).substr(0, 22), "GET\n/example%20space/\n");
  EXPECT_EQ(Signature(kSuiteCredentials, kSuiteScope, request),
            "652487583200325589f1fba4c7e578f72c47cb61beeca81406b39ddec1366741");
}

TEST(SigV4Test, PostFormUrlencodedSignsTheBody) {
  SigningRequest request = SuiteRequest("POST", "/");
  request.payload_sha256 = Sha256Hex("Param1=value1");
  EXPECT_EQ(request.payload_sha256,
            "9095672bbd1f56dfc5b65f3e153adc8731a4a654192329106275f4c7b24d0b6e");
  request.headers = {{"Content-Type", "application/x-www-form-urlencoded"},
                     {"Host", "example.amazonaws.com"},
                     {"Content-Length", "13"},
                     {"X-Amz-Content-Sha256", request.payload_sha256},
                     {"X-Amz-Date", "20150830T123600Z"}};
  ExpectSigned(request,
               {"POST\n/\n\ncontent-length:13\ncontent-type:application/x-www-form-urlencoded\n"
                "host:example.amazonaws.com\nx-amz-content-sha256:" +
                    request.payload_sha256 +
                    "\nx-amz-date:20150830T123600Z\n\n"
                    "content-length;content-type;host;x-amz-content-sha256;x-amz-date\n" +
                    request.payload_sha256,
                "AWS4-HMAC-SHA256\n20150830T123600Z\n20150830/us-east-1/service/aws4_request\n"
                "b1edd1d03544c25390e32085d55b57acc9a3961bb59415ff86c45c3d89d16cfb",
                "d3875051da38690788ef43de4db0d8f280229d82040bfac253562e56c3f20e0b"});
}

TEST(SigV4Test, SessionTokenIsSignedAsXAmzSecurityToken) {
  AwsCredentials credentials = kSuiteCredentials;
  credentials.session_token = "6e86291e8372ff2a2260956d9b8aae1d763fbf315fa00fa31553b73ebf194267";
  SigningRequest request = SuiteRequest("GET", "/");
  request.headers = {{"Host", "example.amazonaws.com"}};
  SignRequest(credentials, kSuiteScope, request);
  ASSERT_EQ(request.headers.size(), 4u);
  EXPECT_EQ(request.headers[1],
            (std::pair<std::string, std::string>{"X-Amz-Date", "20150830T123600Z"}));
  EXPECT_EQ(request.headers[2], (std::pair<std::string, std::string>{"X-Amz-Security-Token",
                                                                     credentials.session_token}));
  EXPECT_EQ(request.headers[3].first, "Authorization");
  EXPECT_EQ(request.headers[3].second,
            "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, "
            "SignedHeaders=host;x-amz-date;x-amz-security-token, "
            "Signature=07ec1639c89043aa0e3e2de82b96708f198cceab042d4a97044c66dd9f74e7f8");
}

// The S3 documentation's GetObject example: its own key pair and date, service "s3".
TEST(SigV4Test, S3GetObjectWithRange) {
  AwsCredentials credentials{"AKIAIOSFODNN7EXAMPLE", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
                             ""};
  SigningScope scope{"20130524T000000Z", "us-east-1", "s3"};
  SigningRequest request;
  request.method = "GET";
  request.path = "/test.txt";
  request.payload_sha256 = kEmptySha256;
  request.headers = {{"Host", "examplebucket.s3.amazonaws.com"},
                     {"Range", "bytes=0-9"},
                     {"x-amz-content-sha256", kEmptySha256},
                     {"x-amz-date", "20130524T000000Z"}};
  EXPECT_EQ(
      CanonicalRequest(request),
      "GET\n/"
      "test.txt\n\nhost:examplebucket.s3.amazonaws.com\nrange:bytes=0-9\nx-amz-content-sha256:" +
          kEmptySha256 +
          "\nx-amz-date:20130524T000000Z\n\nhost;range;x-amz-content-sha256;x-amz-date\n" +
          kEmptySha256);
  EXPECT_EQ(StringToSign(scope, CanonicalRequest(request)),
            "AWS4-HMAC-SHA256\n20130524T000000Z\n20130524/us-east-1/s3/aws4_request\n"
            "7344ae5b7ee6c3e7e6b0fe0640412a37625d1fbfff95c48bbb2dc43964946972");
  EXPECT_EQ(Signature(credentials, scope, request),
            "f0e8bdb87c964420e857bd35b5d6ed310bd44f0170aba48dd91039c6036bdb41");
}

TEST(SigV4Test, UriEncodeKeepsSlashesOnlyInPaths) {
  EXPECT_EQ(UriEncode("a b/c+d=e&f~g", true), "a%20b/c%2Bd%3De%26f~g");
  EXPECT_EQ(UriEncode("a b/c", false), "a%20b%2Fc");
  EXPECT_EQ(CanonicalQueryString({{"prefix", "x/y z"}, {"list-type", "2"}, {"uploads", ""}}),
            "list-type=2&prefix=x%2Fy%20z&uploads=");
}

TEST(SigV4Test, AmzDateNowHasTheBasicIsoForm) {
  std::string now = AmzDateNow();
  ASSERT_EQ(now.size(), 16u);
  EXPECT_EQ(now[8], 'T');
  EXPECT_EQ(now[15], 'Z');
}

}  // namespace
}  // namespace martlet
