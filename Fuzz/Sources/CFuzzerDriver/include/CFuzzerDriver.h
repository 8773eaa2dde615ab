// libFuzzer's driver (compiler-rt FuzzerInterface.h), linked by -sanitize=fuzzer. Calling it from Swift's
// main keeps the executable's entry point Swift's own, whatever SwiftPM renames it to.
#include <stddef.h>
#include <stdint.h>

int LLVMFuzzerRunDriver(int *argc, char ***argv, int (*callback)(const uint8_t *data, size_t size));
