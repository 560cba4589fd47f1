/* SPDX-License-Identifier: BSD-3-Clause */
#ifndef TASKOFFCTL_PRINT_H
#define TASKOFFCTL_PRINT_H

/**
 * @file
 * Human output of taskoffctl: indented trees and aligned tables.
 */

#include <stdio.h>

#include <jansson.h>

/** Print @p v as an indented "Name: value" tree; NDIS bit sets decoded. */
void print_tree(FILE *out, const json_t *v, int indent);

/** Print @p v as indented JSON (the --json output). */
void print_json(FILE *out, const json_t *v);

/** Integer member at dotted @p path of @p obj ("LsoV1.IPv4.Encapsulation"), or 0. */
long long json_path_int(const json_t *obj, const char *path);

#endif
