/* classify.h — who a counterpart is: the category of one identity. */
#ifndef PARLEY_CLASSIFY_H
#define PARLEY_CLASSIFY_H

#include "store.h"

typedef struct pl_classifier pl_classifier;

/* Loads the labels (rules) from the store; cfg supplies me, internal
 * domains, managers and front-line colleagues. */
pl_classifier *pl_classifier_new(pl_store *st, const pl_config *cfg, GError **err);
void pl_classifier_free(pl_classifier *c);

/* Category of an identity given what the store knows of it (-1 = unknown
 * for identity_cat / person_cat / org_cat). Precedence, first hit wins:
 *  1. a label on this exact address       (parley label ADDRESS CAT)
 *  2. config managers / frontline lists
 *  3. the identity's or its person's category (contacts)
 *  4. an internal domain (config)         -> internal
 *  5. the person's organisation's category (contacts)
 *  6. a label on its domain, most specific suffix first (never free-mail)
 *  7. the category of an organisation from contacts with that domain
 *  8. the catch-all label "*" for any other external identity
 *  9. unclassified                                                     */
pl_category pl_classify(const pl_classifier *c, const char *value, int identity_cat, int person_cat,
                        int org_cat);
/* The same for an identity of a person: a value without a domain (a phone
 * number, a handle) is classified where person_address (the person's first
 * address; NULL = none) is for rules 4 and 6-8 — an internal address makes
 * it internal, a label on that address or its domain, or an organisation
 * with that domain, classify it. */
pl_category pl_classify_person(const pl_classifier *c, const char *value,
                               const char *person_address, int identity_cat, int person_cat,
                               int org_cat);

/* How counterparts are grouped in reports: the domain, except on free-mail
 * domains where each address stands for itself. Returns a new string. */
char *pl_counterpart_key(const char *value);

#endif
