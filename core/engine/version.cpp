#include "engine/version.h"

#ifndef LW_ENGINE_VERSION
#define LW_ENGINE_VERSION "0.0.0"
#endif

namespace lw::engine {

const char *engineVersion()
{
    return LW_ENGINE_VERSION;
}

} // namespace lw::engine
