// The version `martlet --version` reports. CMake may pass MARTLET_VERSION (from project());
// the fallback keeps a build without it honest about what it is.
#pragma once

namespace martlet::cli {

#ifdef MARTLET_VERSION
inline constexpr const char* kMartletVersion = MARTLET_VERSION;
#else
inline constexpr const char* kMartletVersion = "0.1.0";
#endif

}  // namespace martlet::cli
