/* assets.h — the files of server/assets/ (stylesheet, script), compiled
 * into the binary by scripts/embed-assets.sh (build/gen/assets.c) and
 * served by h_asset at /static/NAME.  bytes are the file's, unchanged. */
#ifndef CT_ASSETS_H
#define CT_ASSETS_H
#include <stddef.h>

struct asset_file {
	const char *name; /* the file's name, without its folder */
	const unsigned char *bytes;
	size_t len;
};

extern const struct asset_file asset_files[];
extern const size_t asset_nfiles;

#endif
