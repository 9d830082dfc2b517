/* detect.c — questions and promises in what a person wrote: the rules for
 * each kind and the pass over a message (detect.h). What text they read and
 * how it is split is detect_text.c; the word tokens detect_words.c.
 *
 * Rules over words, not a model: they are cheap enough to run over every
 * message at ingest, and every decision can be explained to a user who asks
 * why a sentence became an open item. The labelled real sentences in
 * tests/data/items/labelled.tsv measure them (precision and recall per
 * kind, tests/T141-detect-labelled.sh). A question is a sentence asking
 * the reader something: it ends in '?' and is not a quotation, a footer, a
 * rhetorical idiom or a fragment, or it is an indirect ask ("I was
 * wondering if ...", "please let me know whether ..."). A promise is I / we
 * committing to an act: "I'll send", "we will", "I am going to", "let me
 * check", "will do", a "next step" of ours; not a state ("I'll be away"), a
 * hedge ("I would"), a discourse phrase ("I'll note that"), a refusal, a
 * subordinate clause ("if we'll have to") nor an offer that waits on the
 * reader ("send me the log and I'll look").
 */
#include "detect_int.h"

#define WH_BYTES 150 /* longest question without its '?' ("How can I fix this") */

const char *pl_sentence_kind_name(pl_sentence_kind k)
{
    static const char *const names[] = {"none", "question", "promise"};
    return (unsigned)k <= PL_SENT_PROMISE ? names[k] : "?";
}

/* ----------------------------------------------------------- questions */

/* Whole sentences that ask nothing. */
static const char rhetorical_whole[] =
    "why not|so what|who cares|who knows|guess what|what gives|huh|really|right|ok|okay|eh|"
    "what|why|how come|you know|see|get it|am i right|what else|or what|why bother|"
    "why would i|why would you|why would anyone|what could go wrong|how cool is that|"
    "need i say more|seriously|hello|sorry|pardon|yes|no|what the hell|wtf|is not it|"
    "do not you think|what do i know|anyone|anybody|you there|what now|now what|and|or|"
    "me|you|why me|is it|are you|did it|or not|hm|hmm|is that so|no way|not really";

/* Openings of rhetorical and sarcastic questions. */
static const char *const rhetorical_start[] = {"who cares",
                                               "how could you",
                                               "how likely are you",
                                               "what is the point",
                                               "what point is",
                                               "do you understand",
                                               "are you kidding",
                                               "are you serious",
                                               "who the hell",
                                               "what the hell",
                                               "how hard can",
                                               "who would have thought",
                                               "who needs",
                                               "how dare",
                                               "how is that relevant",
                                               "what is wrong with you",
                                               "why bother",
                                               "ever tried",
                                               "ever wonder",
                                               "ever wondered",
                                               "should we bother",
                                               "mind not",
                                               "would not it be nice",
                                               "is not it funny",
                                               "why should",
                                               "who said",
                                               "how about that",
                                               "what is not to like",
                                               "is that too much to ask",
                                               NULL};

/* Words that mark a sentence as a footer, an advert or list machinery. */
static const char *const footer_words[] = {
    "unsubscribe",   "sponsor",           "subscribe?",           "yahoo!",
    "editor's note", "click here",        "newsletter",           "opt-out",
    "to be removed", "forwarded message", "mailing list archive", NULL};

/* The position of the sentence's final '?' ignoring closers, emoticons and
 * trailing '!' ; NULL when it does not end in one. */
static const char *final_question_mark(const char *s)
{
    const char *e = s + strlen(s);
    for (;;) {
        while (e > s && g_ascii_isspace(e[-1]))
            e--;
        if (e - s >= 2 && strchr(":;=", e[-2]) && strchr(")(DPp]", e[-1])) {
            e -= 2; /* :) ;( =D :P */
            continue;
        }
        if (e - s >= 3 && strchr(":;", e[-3]) && e[-2] == '-' && strchr(")(DPp", e[-1])) {
            e -= 3;
            continue;
        }
        if (e > s && strchr(")]}\"'*_!", e[-1])) {
            e--;
            continue;
        }
        if (e - s >= 3 &&
            (g_str_has_prefix(e - 3, "\xE2\x80\x9D") || g_str_has_prefix(e - 3, "\xE2\x80\x99"))) {
            e -= 3;
            continue;
        }
        break;
    }
    return e > s && (e[-1] == '?' || g_str_has_prefix(e - (e - s >= 3 ? 3 : 0), "\xEF\xBC\x9F"))
               ? (e[-1] == '?' ? e - 1 : e - 3)
               : NULL;
}

/* A double quote is open at q: the '?' belongs to a quotation. */
static gboolean inside_quotes(const char *s, const char *q)
{
    guint n = 0;
    for (const char *p = s; p < q; p++) {
        if (*p == '"')
            n++;
        else if (g_str_has_prefix(p, "\xE2\x80\x9C") || g_str_has_prefix(p, "\xE2\x80\x9D"))
            n++;
    }
    return n % 2 == 1;
}

/* "... (?)" and other marks of doubt inside a statement. */
static gboolean doubt_mark(const char *s, const char *q)
{
    return q > s && q[-1] == '(';
}

/* "... (perhaps it was that bad?)", "(if that is not the case?)": the '?'
 * ends an aside that doubts, inside a statement. */
static gboolean doubting_aside(const char *s, const char *q)
{
    const char *open = NULL;
    for (const char *p = s; p < q; p++)
        if (*p == '(')
            open = p;
        else if (*p == ')')
            open = NULL;
    if (!open)
        return FALSE;
    const char *a = open + 1;
    while (*a == ' ')
        a++;
    return starts_ci(a, "perhaps") || starts_ci(a, "maybe") || starts_ci(a, "if ") ||
           starts_ci(a, "or so") || starts_ci(a, "probably");
}

/* Too many code characters for prose. */
static gboolean looks_like_code(const char *s)
{
    const char *hex = strstr(s, "0x");
    if (hex && g_ascii_isxdigit(hex[2]) && g_ascii_isxdigit(hex[3]) && g_ascii_isxdigit(hex[4]))
        return TRUE; /* addresses of a backtrace */
    guint sym = 0, n = 0;
    for (const char *p = s; *p; p++, n++)
        if (strchr("{}=<>$|\\;[]`", *p))
            sym++;
    return n && sym * 100 / n > 8;
}

/* "let me know if ..." as an ask, not as an offer ("... if you have any
 * questions", "... if I can help", "... if you need anything"). */
static gboolean let_me_know_asks(const det_toks *t, guint i)
{
    /* t[i] = "let", t[i+1] = "me", t[i+2] = "know" */
    const char *a = TOK(t, i + 3), *b = TOK(t, i + 4), *c = TOK(t, i + 5);
    if (!a || !is_word(a)) {
        /* "If that fails, let me know": the condition came first. */
        guint from = det_content_start(t);
        if (!is_one_of(TOK(t, from), "if|whether"))
            return FALSE;
        const char *x = TOK(t, from + 1), *y = TOK(t, from + 2);
        return !(is_one_of(x, "you|anyone|i|we|there") &&
                 is_one_of(y, "want|need|would|like|have|wish|can|are|is"));
    }
    if (is_one_of(a, "how|what|whether|when|where|which|why|who|your"))
        return TRUE;
    if (!is_one_of(a, "if"))
        return FALSE;
    if (is_one_of(b, "i|we|there"))
        return FALSE; /* if I can help / if there is anything */
    if (is_one_of(b, "you") && is_one_of(c, "have") && is_one_of(TOK(t, i + 6), "any|an|some"))
        return is_one_of(TOK(t, i + 7), "ideas|idea|suggestions|suggestion|thoughts|insight|"
                                        "clue|clues|hints|hint|pointers|advice|experience|"
                                        "explanation|solution|fix|workaround");
    if (is_one_of(b, "you") && is_one_of(c, "need|want|would|have|require|are|like|wish|run|"
                                            "get|see|find|encounter|still"))
        return FALSE;
    if (is_one_of(b, "anything|any|this|that") && is_one_of(c, "else|further|more|helps|works"))
        return is_one_of(c, "works"); /* "if that works" asks; "if anything else" offers */
    return TRUE;
}

static gboolean indirect_question(const det_sent *x, guint from, guint words)
{
    const det_toks *t = x->t;
    static const char *const asks[] = {"i was wondering",
                                       "i am wondering",
                                       "i was hoping someone",
                                       "wondering if",
                                       "wondering whether",
                                       "i would like to know",
                                       "i want to know",
                                       "i need to know",
                                       "i would like to ask if",
                                       "i would like to ask whether",
                                       "i would like to ask how",
                                       "i would like to ask what",
                                       "i would appreciate",
                                       "i would really appreciate",
                                       "i would greatly appreciate",
                                       "i would be curious to",
                                       "i would be interested to",
                                       "i would be interested in hearing",
                                       "i was curious what",
                                       "i was curious how",
                                       "i was curious if",
                                       "i was curious whether",
                                       "i am curious what",
                                       "i am curious how",
                                       "i am curious if",
                                       "i am curious whether",
                                       "does anyone know",
                                       "does anybody know",
                                       "do you know if",
                                       "do you know whether",
                                       "do you know how",
                                       "do you know what",
                                       "do you know where",
                                       "anyone know",
                                       "anybody know",
                                       "does anyone have",
                                       "does anybody have",
                                       "has anyone",
                                       "has anybody",
                                       "can anyone",
                                       "can anybody",
                                       "could anyone",
                                       "could anybody",
                                       "can someone",
                                       "could someone",
                                       "can somebody",
                                       "could somebody",
                                       "is there a way",
                                       "is there any way",
                                       "is there an option",
                                       "is there any option",
                                       "any help would",
                                       "any help is",
                                       "any advice would",
                                       "any suggestions would",
                                       "any suggestion would",
                                       "any ideas would",
                                       "any hints would",
                                       "any pointers would",
                                       "any feedback would",
                                       "any input would",
                                       "any insight would",
                                       "any guidance would",
                                       "any help or",
                                       "any thoughts would",
                                       "please advise",
                                       "please let me know",
                                       "please tell me",
                                       "please help",
                                       "please explain",
                                       "please confirm",
                                       "please clarify",
                                       "please suggest",
                                       "could you please",
                                       "can you please",
                                       "would you please",
                                       "could you tell",
                                       "can you tell",
                                       "could you help",
                                       "can you help",
                                       "could you explain",
                                       "can you explain",
                                       "could you confirm",
                                       "can you confirm",
                                       "could you send",
                                       "can you send",
                                       "could you check",
                                       "can you check",
                                       "kindly",
                                       NULL};
    /* The first words of every ask above: a cheap test before the clause
     * test and the phrase list. */
    static const char first_words[] = "i|wondering|does|do|anyone|anybody|has|can|could|is|any|"
                                      "please|would|kindly|let|tell|how|what|where|when|why|"
                                      "which|who";
    for (guint i = from; i < t->len; i++) {
        if (!is_one_of(TOK(t, i), first_words) || !det_clause_start(t, i, from))
            continue;
        if (g_strcmp0(TOK(t, i), "let") == 0 && is_one_of(TOK(t, i + 1), "me") &&
            is_one_of(TOK(t, i + 2), "know"))
            return let_me_know_asks(t, i);
        if (g_strcmp0(TOK(t, i), "please") == 0 && is_one_of(TOK(t, i + 1), "let") &&
            is_one_of(TOK(t, i + 2), "me") && is_one_of(TOK(t, i + 3), "know"))
            return let_me_know_asks(t, i + 1);
        if (det_phrase_at(x, i, asks))
            return TRUE;
        if (is_one_of(TOK(t, i), "tell") && is_one_of(TOK(t, i + 1), "me|us") &&
            is_one_of(TOK(t, i + 2), "where|how|what|why|when|which|if|whether|who"))
            return TRUE;
        /* "How can I fix this." without its question mark. */
        if (i == from && words <= 15 && strlen(x->raw) <= WH_BYTES && !strchr(x->raw, ':') &&
            is_one_of(TOK(t, i), "how|what|where|when|why|which|who") &&
            is_one_of(TOK(t, i + 1), "can|could|do|does|did|should|would|is|are|will") &&
            is_one_of(TOK(t, i + 2), "i|we|you|one|it|this|that|the|anyone|someone"))
            return TRUE;
    }
    return FALSE;
}

static gboolean is_question(const det_sent *x, const char *low)
{
    const char *s = x->raw;
    const det_toks *t = x->t;
    if (s[0] == '>' || s[0] == '|')
        return FALSE; /* a quoted line that survived as text */
    for (const char *const *f = footer_words; *f; f++)
        if (strstr(low, *f))
            return FALSE;
    guint from = det_content_start(t);
    guint words = 0;
    for (guint i = from; i < t->len; i++)
        words += is_word(TOK(t, i)) && g_strcmp0(TOK(t, i), "URL") != 0;
    const char *q = final_question_mark(s);
    if (!q)
        return words >= 4 && !looks_like_code(s) && indirect_question(x, from, words);
    /* The '?' must end prose: not a quotation, a "(?)", an aside in
     * parentheses, code, a link. */
    if (inside_quotes(s, q) || doubt_mark(s, q) || looks_like_code(s) ||
        (s[0] == '(' && q > s && q[-1] == ')') || doubting_aside(s, q))
        return FALSE;
    /* "Maybe that is the problem?", "Perhaps a debugging mode?": guesses
     * and suggestions offered, not asked. */
    if (is_one_of(det_words_from(x, from), rhetorical_whole) ||
        is_one_of(TOK(t, from), "maybe|perhaps"))
        return FALSE;
    for (guint i = from; i < t->len; i++)
        if (det_clause_start(t, i, from) && is_word(TOK(t, i)) &&
            det_phrase_at(x, i, rhetorical_start))
            return FALSE;
    if (words >= 2)
        return TRUE;
    return words == 1 &&
           is_one_of(TOK(t, from), "thoughts|ideas|suggestions|opinions|comments|feedback");
}

/* ------------------------------------------------------------ promises */

/* After "I will" / "we are going to": words that make no commitment. */
static const char non_commitments[] =
    "may|might|can|could|should|would|must|admit|say|note|assume|guess|bet|concede|grant|"
    "miss|die|lose|want|like|love|hate|feel|wish|hope|think|become|end|suppose|agree|"
    "the|a|an|my|your|his|her|their|our|this|that|it|not|be|have|need|see|never|always|"
    "probably|remember|know|understand|forget|regret|fail|repeat|leave|stop|point|spare|"
    "let|going|mention|give|tell|ever|get|continue|keep|definitely";

/* Words that may sit between the modal and the verb. */
static const char promise_adverbs[] =
    "probably|definitely|definately|certainly|surely|also|then|just|now|still|soon|gladly|"
    "happily|quickly|first|later|personally|hopefully|likely|further|again|immediately|"
    "shortly|absolutely|actually|really|eventually|both|all|also|too|try|to|never|then|"
    "asap|tomorrow|today|tonight|definetly|gladly|most";

/* Before "I" / "we": the clause is subordinate or reported. */
static const char subordinate[] =
    "if|when|whether|once|unless|until|till|before|after|because|since|that|sure|doubt|"
    "wonder|what|how|where|why|who|which|hope|wish|afraid|fear|as|whatever|whenever|"
    "than|while|whom|whose|believe|expect|suspect|imagine|assume|"
    "said|says|say|tell|told";

static gboolean commitment_verb(const det_toks *t, guint j)
{
    const char *v = TOK(t, j), *n = TOK(t, j + 1), *n2 = TOK(t, j + 2);
    if (!is_word(v) || strcmp(v, "URL") == 0)
        return FALSE;
    if (strcmp(v, "be") == 0) {
        if (is_one_of(n, "there|sure|able"))
            return !is_one_of(n, "able") || is_one_of(n2, "to");
        if (is_one_of(n, "in") && is_one_of(n2, "touch"))
            return TRUE;
        size_t len = n ? strlen(n) : 0;
        return len > 4 && g_str_has_suffix(n, "ing") &&
               !is_one_of(n, "travelling|traveling|leaving|going|flying|visiting|attending|"
                             "staying|waiting|working|using|doing|missing|having|getting|"
                             "seeing|running|looking|starting|moving|living");
    }
    if (strcmp(v, "have") == 0 && is_one_of(n, "a|another") &&
        is_one_of(n2, "look|go|try|chat|word|think|check|closer|play|dig|stab|crack|peek|"
                      "glance|talk|call|meeting"))
        return TRUE;
    if (strcmp(v, "add") == 0 && is_one_of(n, "that|in|here|to|on|,"))
        return FALSE; /* "I'll add that you need ...": a remark */
    if (is_one_of(v, "have|need") && is_one_of(n, "to"))
        return is_word(n2) && !is_one_of(n2, "be|have|say|admit|know|wait|see|agree|think");
    if (strcmp(v, "see") == 0)
        return is_one_of(n, "if|whether|what|that|about|to|how|when|where|why");
    if (is_one_of(v, "get|keep|give|continue|let|tell"))
        return is_one_of(v, "get")        ? is_one_of(n, "back|it|that|this|them|you|to|the|a|an|"
                                                                "in|on|some|started|there|into|around|working")
               : is_one_of(v, "keep")     ? is_one_of(n, "you|looking|trying|working|it|that|this|"
                                                             "an|investigating|digging|testing|at|them")
               : is_one_of(v, "give")     ? is_one_of(n, "it|that|this|you|them|a|an")
               : is_one_of(v, "continue") ? TRUE
               : is_one_of(v, "let")      ? is_one_of(n, "you|everyone|them|the|us|people|him|her")
                                          : is_one_of(n, "you|them|him|her|everyone");
    return !is_one_of(v, non_commitments);
}

/* I / we at t[i]: a commitment follows ("I will send", "we are going to",
 * "I plan to", "we'll keep ..."). */
static gboolean commitment_at(const det_toks *t, guint i, guint from)
{
    if (i > from && is_one_of(TOK(t, i - 1), subordinate))
        return FALSE;
    guint j = i + 1;
    const char *m = TOK(t, j);
    if (is_one_of(m, "will|shall"))
        j++;
    else if (is_one_of(m, "am|are") && is_one_of(TOK(t, j + 1), "going") &&
             is_one_of(TOK(t, j + 2), "to"))
        j += 3;
    else if (is_one_of(m, "plan|intend|promise|commit") && is_one_of(TOK(t, j + 1), "to"))
        j += 2;
    else if (is_one_of(m, "am|are") && is_one_of(TOK(t, j + 1), "planning") &&
             is_one_of(TOK(t, j + 2), "to|on|some|a|an|the|changes|modifications"))
        return TRUE;
    else
        return FALSE;
    /* Negations, and habits rather than commitments ("we will typically"). */
    if (is_one_of(TOK(t, j), "not|typically|usually|normally|generally|often|always|"
                             "sometimes|rarely|never|mostly"))
        return FALSE;
    while (j < t->len && is_one_of(TOK(t, j), promise_adverbs) &&
           !(g_strcmp0(TOK(t, j), "try") == 0 && !is_one_of(TOK(t, j + 1), "to")))
        j++;
    return commitment_verb(t, j);
}

static gboolean let_me_at(const det_toks *t, guint i, guint from)
{
    static const char verbs[] =
        "check|look|see|find|get|ask|try|verify|confirm|dig|investigate|take|review|test|"
        "think|send|reach|talk|follow|double|double-check|figure|update|fix|research|forward|"
        "run|contact|loop|discuss|consult|chat|poke|play|have|pull|grab|build|search|read|"
        "compile|reproduce|setup|set|install|ping|work|write|prepare|come|return|circle|"
        "investigate|measure|escalate|sort|debug|rerun|retest|simulate|dig";
    if (!det_clause_start(t, i, from) && !is_one_of(TOK(t, i - 1), "please|just|so|now"))
        return FALSE;
    const char *v = TOK(t, i + 2);
    if (!is_one_of(v, verbs))
        return FALSE;
    return !(is_one_of(v, "ask|see|think") && is_one_of(TOK(t, i + 3), "you|a|if|this"));
}

static gboolean is_promise(const det_sent *x)
{
    const char *s = x->raw;
    const det_toks *t = x->t;
    if (final_question_mark(s) || s[0] == '>' || s[0] == '|')
        return FALSE;
    guint from = det_content_start(t);
    /* An offer that waits on the reader: "Send me the log and I'll look",
     * "If you can share it, we will ...". */
    gboolean imperative =
        is_one_of(TOK(t, from), "please|tell|send|give|fix|feel|show|post|attach|share|"
                                "provide|try|make|run|check|email|mail|ping|ask|upload|"
                                "forward|let|contact|call|drop");
    for (guint i = from; i < t->len; i++) {
        const char *w = TOK(t, i);
        if (is_one_of(w, "if|once|when|whenever|provided") &&
            is_one_of(TOK(t, i + 1), "you|anyone|somebody|someone|u"))
            return FALSE;
        if (is_one_of(w, "i|we")) {
            if (imperative && i > from && is_one_of(TOK(t, i - 1), "and|,|&|+"))
                return FALSE;
            if (commitment_at(t, i, from))
                return TRUE;
        }
        if (strcmp(w, "let") == 0 && is_one_of(TOK(t, i + 1), "me") && let_me_at(t, i, from))
            return TRUE;
        /* "Will do." / "Will send it tonight": a first person without I. */
        if (i == from && strcmp(w, "will") == 0) {
            const char *v = TOK(t, i + 1);
            if (is_one_of(v, "do"))
                return TRUE;
            if (is_word(v) && !is_one_of(v, "you|it|this|that|there|he|she|they|we|i|the|a|an|"
                                            "your|my|our|their|these|those|any|anyone|someone"))
                return commitment_verb(t, i + 1);
        }
        /* "Next step is for us to ...", "As a next step, I'll ...". */
        if (strcmp(w, "next") == 0 && is_one_of(TOK(t, i + 1), "step|steps") &&
            det_clause_start(t, i - (i > from && is_one_of(TOK(t, i - 1), "a|the|as") ? 1 : 0),
                             from))
            for (guint k = i + 2; k < t->len && k <= i + 6; k++)
                if (is_one_of(TOK(t, k), "i|we|us|me|our"))
                    return TRUE;
    }
    return FALSE;
}

/* Words without which no rule can fire: most sentences are prose that
 * asks and promises nothing, and a few strstr() over the lower-cased text
 * spare them the tokenising (the rules run over every message at ingest).
 * Each list must cover every phrase its rules look for. */
static const char *const question_cues[] = {
    "?",           "\xEF\xBC\x9F", "wonder",      "know",         "anyone",
    "anybody",     "someone",      "somebody",    "is there",     "appreciat",
    "curious",     "interested",   "any help",    "any advice",   "any sugg",
    "any idea",    "any hint",     "any pointer", "any feedback", "any input",
    "any insight", "any guidance", "any thought", "please",       "pls",
    "plz",         "could you",    "can you",     "would you",    "kindly",
    "tell me",     "tell us",      NULL};
/* Wh-words alone only matter for a short question that lost its '?'
 * (indirect_question(): at most WH_BYTES, no ':'). */
static const char *const wh_cues[] = {"how ", "what ",  "where ", "when ",
                                      "why ", "which ", "who ",   NULL};
#define PL_WANT_WH (1u << 3)
static const char *const promise_cues[] = {
    "will",   "'ll",     "\xE2\x80\x99ll", "shall",  "going to",  "gonna", "plan",
    "intend", "promise", "commit",         "let me", "next step", NULL};

/* Both cue lists indexed by their first byte, built once (the parse
 * threads share it): a sentence is scanned once, comparing at each byte
 * only the cues that start with it, and only where its first two bytes
 * are those of some cue (a bit per byte pair: most pairs start none). */
typedef struct {
    const char *cue;
    size_t len;
    guint kinds; /* PL_WANT_* */
} cue_entry;

typedef struct {
    cue_entry entries[128];
    guint start[257];    /* entries of first byte b: [start[b], start[b + 1]) */
    guint64 pairs[1024]; /* bit b0 << 8 | b1: a cue starts with b0 b1 (or is b0) */
} cue_index;

static void pair_set(cue_index *x, guint b0, guint b1)
{
    guint bit = b0 << 8 | b1;
    x->pairs[bit >> 6] |= G_GUINT64_CONSTANT(1) << (bit & 63);
}

static const cue_index *cues(void)
{
    static cue_index *idx;
    if (g_once_init_enter(&idx)) {
        cue_index *x = g_new0(cue_index, 1);
        guint n = 0;
        for (int b = 0; b < 256; b++) {
            x->start[b] = n;
            const char *const *lists[] = {question_cues, promise_cues, wh_cues};
            const guint kinds[] = {PL_WANT_QUESTIONS, PL_WANT_PROMISES, PL_WANT_WH};
            for (int l = 0; l < 3; l++)
                for (const char *const *c = lists[l]; *c; c++)
                    if ((guchar)(*c)[0] == b) {
                        g_assert(n < G_N_ELEMENTS(x->entries));
                        x->entries[n++] = (cue_entry){*c, strlen(*c), kinds[l]};
                        if ((*c)[1])
                            pair_set(x, (guchar)b, (guchar)(*c)[1]);
                        else /* a one-byte cue: whatever follows it */
                            for (guint b1 = 0; b1 < 256; b1++)
                                pair_set(x, (guchar)b, b1);
                    }
        }
        x->start[256] = n;
        g_once_init_leave(&idx, x);
    }
    return idx;
}

/* The kinds (of want) whose cues occur in low. */
static guint cue_kinds(const char *low, guint want)
{
    const cue_index *x = cues();
    guint found = 0;
    for (const char *p = low; *p && (found & want) != want; p++) {
        guint b = (guchar)p[0], bit = b << 8 | (guchar)p[1];
        if (!(x->pairs[bit >> 6] >> (bit & 63) & 1))
            continue;
        for (guint i = x->start[b]; i < x->start[b + 1]; i++) {
            const cue_entry *e = &x->entries[i];
            /* The second byte first: most first-byte matches end there. */
            if ((e->kinds & want & ~found) && (e->len < 2 || p[1] == e->cue[1]) &&
                strncmp(p, e->cue, e->len) == 0)
                found |= e->kinds;
        }
    }
    return found & want;
}

/* A sentence that is a question is never also a promise. */
static pl_sentence_kind classify(const char *sentence, guint want)
{
    char low[SENTENCE_MAX + 2];
    size_t n = strlen(sentence);
    if (n > SENTENCE_MAX)
        n = SENTENCE_MAX; /* only the cues of the first 600 bytes: a superset test anyway */
    for (size_t i = 0; i < n; i++)
        low[i] = LOWER(sentence[i]);
    low[n] = ' '; /* "... how" at the end still meets "how " */
    low[n + 1] = '\0';
    guint found = cue_kinds(low, want | (want & PL_WANT_QUESTIONS ? PL_WANT_WH : 0));
    if ((found & PL_WANT_WH) && !(found & PL_WANT_QUESTIONS) && n <= WH_BYTES &&
        !memchr(sentence, ':', n))
        found |= PL_WANT_QUESTIONS;
    want = found & (PL_WANT_QUESTIONS | PL_WANT_PROMISES);
    if (!want)
        return PL_SENT_NONE;
    det_sent x;
    det_sent_init(&x, sentence);
    /* is_promise() refuses questions itself, so an outbound message's
     * sentences need not go through the question rules. */
    pl_sentence_kind k = (want & PL_WANT_QUESTIONS) && is_question(&x, low) ? PL_SENT_QUESTION
                         : (want & PL_WANT_PROMISES) && is_promise(&x)      ? PL_SENT_PROMISE
                                                                            : PL_SENT_NONE;
    det_sent_clear(&x);
    return k;
}

pl_sentence_kind pl_sentence_classify(const char *sentence)
{
    if (!sentence || !*sentence)
        return PL_SENT_NONE;
    return classify(sentence, PL_WANT_QUESTIONS | PL_WANT_PROMISES);
}

/* ------------------------------------------------------------ the pass */

static GArray *detect_sentences(GPtrArray *sentences, gint64 ts, int offset_s, guint want)
{
    GArray *out = g_array_new(FALSE, TRUE, sizeof(pl_detected));
    for (guint i = 0; i < sentences->len; i++) {
        const char *s = sentences->pdata[i];
        pl_sentence_kind k = classify(s, want);
        if (k == PL_SENT_NONE || !(want & (1u << k)))
            continue;
        pl_detected d = {k, g_strdup(s), pl_due_resolve(s, ts, offset_s)};
        g_array_append_val(out, d);
    }
    g_ptr_array_free(sentences, TRUE);
    return out;
}

GArray *pl_detect_own(const char *own, gint64 ts, int offset_s, guint want)
{
    if (!own || !*own || !want)
        return g_array_new(FALSE, TRUE, sizeof(pl_detected));
    return detect_sentences(pl_sentences_split(own), ts, offset_s, want);
}

GArray *pl_detect_text(const char *body, gint64 ts, int offset_s, guint want)
{
    if (!body || !*body || !want)
        return g_array_new(FALSE, TRUE, sizeof(pl_detected));
    return detect_sentences(pl_body_sentences(body), ts, offset_s, want);
}

void pl_detected_free(GArray *a)
{
    if (!a)
        return;
    for (guint i = 0; i < a->len; i++)
        g_free(g_array_index(a, pl_detected, i).sentence);
    g_array_free(a, TRUE);
}
