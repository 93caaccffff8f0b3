#pragma once

// The loader interface lives with the engine that implements it; this header
// stays for code written against the old place (the tree model).
#include "engine/itemloader.h"
