// MD5 digest (RFC 1321), for SQL's md5(text). Not for security; it is what PostgreSQL and
// Redshift return.
#pragma once

#include <string>
#include <string_view>

namespace martlet {

// The digest of `data` as 32 lower-case hex digits.
std::string Md5Hex(std::string_view data);

}  // namespace martlet
