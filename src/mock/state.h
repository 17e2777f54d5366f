/* The mock's state on disk: one JSON object with an array per resource
 * kind (as the API's response schemas print them) and the reports. */
#ifndef SENDX_MOCK_STATE_H
#define SENDX_MOCK_STATE_H

#include "api/api_error.h"

struct store;

/* Loads path into an empty store. Returns 1 when loaded, 0 when the file
 * does not exist (nothing changed), -1 with err when it cannot be used. */
int state_load(struct store *s, const char *path, struct api_error *err);

/* Writes the whole store to path (through a temporary file and a rename,
 * so a crash never leaves half a file). -1 with err on failure. */
int state_save(struct store *s, const char *path, struct api_error *err);

#endif
