/* place.h: where a police.uk record belongs, as a district of the register (its GSS code).
 *
 * A record's district is its LSOA name minus the trailing code ("Maidstone 012C" is
 * Maidstone), matched without regard to case to the register's district names, former names
 * and GSS codes ("Shepway 011A" is Folkestone and Hythe), or its LSOA code in a lookup file.
 * Nothing here reads the database or prints. Built once before the load; read-only after,
 * so the workers of a parallel load may share one. */
#ifndef CSA_PLACE_H
#define CSA_PLACE_H

#include "csa/error.h"
#include "csa/register.h"

#include <stddef.h>

struct places;

/* The districts of every partnership of r, by name, former name and GSS code. The caller
 * owns the result (places_free); r may be freed afterwards, nothing points into it. */
struct places *places_from_register(const struct csa_register *r);

/* Adds an LSOA lookup: CSV rows "LSOA code,district" (the district a GSS code or a district
 * name of the register; further columns are ignored); a first row that is not an LSOA code
 * (E01..., W01...) is taken as a header, blank lines are skipped. A district the register
 * does not know refuses the file (CSA_EINVALID, with its line); an unreadable file is
 * CSA_EENV. On failure the lookup rows read before the bad one stay added. */
enum csa_rc places_read_lookup(struct places *p, const char *path, struct csa_error *err);

/* The GSS code of the district of a record with this LSOA code and name (either may be
 * empty, neither NULL): the lookup first, then the name. NULL when the record is outside the
 * register's districts; *none is set when it has no LSOA at all (both empty). The string is
 * p's and lives as long as p. */
const char *places_find(const struct places *p, const char *lsoa_code, const char *lsoa_name,
                        int *none);

void places_free(struct places *p); /* NULL is harmless */

#endif
