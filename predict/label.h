/* label.h - labelling records with a loaded model: what stance-predict and
 * stance-eval share.
 *
 * A labeler is loaded once and read by every thread; each thread has its
 * own worker (tokenizer, article, vectoriser scratch). */
#ifndef PREDICT_LABEL_H
#define PREDICT_LABEL_H

#include <cjson/cJSON.h>

#include "article.h"
#include "corpus.h"
#include "lexicon.h"
#include "model.h"

struct labeler {
    struct fx_model *model;
    struct fx_frontend fe;
    struct fx_lexicon *lx;
};

/* Loads the model (the default one when path is NULL), the gazetteer and
 * the attribution cues. Returns 0 or a negative FX_E* code with msg set;
 * *warning gets a message (or "") when the model was trained with another
 * gazetteer. */
int labeler_load(struct labeler *lb, const char *model_path, const char *data,
                 const char *gazetteer, char *msg, size_t msglen,
                 char *warning, size_t wlen);
void labeler_release(struct labeler *lb);

struct worker {
    const struct labeler *lb;
    struct fx_tokenizer *tz;
    struct fx_vectorizer *vz;
    struct fx_article art;
    struct fx_pairs ps;
    struct fx_vec vec;
    struct fx_buf folded;
    struct fx_cues cues;
    struct fx_parse parse;  /* JSON Lines records parsed on this worker */
};

/* Returns a worker or NULL on FX_ENOMEM / FX_EICU. Caller frees with
 * worker_free. */
struct worker *worker_create(const struct labeler *lb);
void worker_free(struct worker *w);

/* Label and probabilities of one pair of the worker's current article. */
int worker_predict(struct worker *w, const struct fx_pair_view *v, double prob[3]);

/* The output object of one record: the SPEC's labelled article, the pair
 * line, or {"id", "error"}. *failed is set for an error object. NULL on
 * FX_ENOMEM. Caller frees with cJSON_Delete. */
cJSON *worker_label(struct worker *w, const struct fx_record *rec, int *failed);

/* The sentence lines of a text: each sentence with its sentiment and its
 * countries. Appends objects to out (an array). Returns 0 or FX_ENOMEM. */
int worker_sentences(struct worker *w, const char *text, size_t len, cJSON *out);

/* The scores object {"cooperative": p, "critical": p, "neutral": p}. */
cJSON *scores_json(const double prob[3]);

#endif
