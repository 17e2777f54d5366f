/* libFuzzer's entry point for one target, chosen at build time
 * (FUZZ_ENTRY, e.g. fuzz_decode). */
#include "fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    return FUZZ_ENTRY(data, size);
}
