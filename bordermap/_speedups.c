/*
 * Compiled hot path of bordermap.places: the same results as the pure-Python code there, faster.
 *
 * bordermap.places calls setup() once with the character classes, word lists and Python helpers
 * this module needs, then uses
 *
 *   runs(text)                 -> [(start, end)]  the matches of places._SEQ (for the tests)
 *   candidates(text, gaz, memo) -> the list places._candidates_py returns
 *   mentions(cands, resolved, sentences, article_id) -> the Mention list of places.extract_places
 *
 * Every rule here is written down once in Python (places.py); tests/test_speedups.py holds this
 * module to the Python code on the seeds, on a synthetic corpus and on random texts.
 */
#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <math.h>

#define UPPER_TABLE 0x250
#define MAX_CONNECTORS 64
#define MAX_CONNECTOR_LEN 8

static unsigned char upper_table[UPPER_TABLE];
static Py_UCS4 connectors[MAX_CONNECTORS][MAX_CONNECTOR_LEN];
static int connector_len[MAX_CONNECTORS];
static int n_connectors = 0;
static int longest_connector = 0;

static PyObject *eponyms = NULL;      /* frozenset: words after a name that make it a disease's name */
static PyObject *titles = NULL;       /* frozenset: lower-case words that introduce a person's name */
static PyObject *nothing = NULL;      /* places._NOTHING: a run that holds no name */
static PyObject *analyse = NULL;      /* places._analyse_run(run, gaz) */
static PyObject *sig_of = NULL;       /* places._sig_of(gaz, key, initial, up1, in_name) */
static PyObject *mention_type = NULL; /* places.Mention */
static PyObject *empty_tuple = NULL;
static PyObject *str_lower = NULL;
static PyObject *k_text, *k_start, *k_end, *k_sentences, *k_place, *k_confidence, *k_alternatives,
    *k_article_id;

/* for resolve(): places._free, _speaks_of_crossings, _check, _neighbour_bonus, _Ctx, _within_pairs,
 * _resolve_sig, _lone_confidence, and MIN_SCORE (set by setup_resolve()) */
static PyObject *far_fn, *free_fn, *speaks_fn, *check_fn, *near_fn, *ctx_type, *within_fn, *resolve_sig_fn, *lone_fn;
static double min_score, lone_confidence;
static PyObject *near_cache = NULL; /* places._neighbour_bonus(), on first use */
static PyObject *a_name, *a_crossings, *a_free, *a_key, *a_in_name, *a_entries, *a_checked, *a_resolved,
    *a_country, *a_countries, *a_kind, *a__resolved, *a__far_rival, *a_note, *s_crossing, *s_empty;

#define READ(i) PyUnicode_READ(kind, data, (i))

static inline int is_upper(Py_UCS4 c) { return c < UPPER_TABLE && upper_table[c]; }
static inline int is_ascii_upper(Py_UCS4 c) { return c >= 'A' && c <= 'Z'; }
/* [\w’'] of a str pattern: Unicode alphanumerics, the underscore and both apostrophes */
static inline int is_word_or_quote(Py_UCS4 c)
{
    return Py_UNICODE_ISALNUM(c) || c == '_' || c == 0x2019 || c == '\'';
}
static inline int is_word(Py_UCS4 c) { return Py_UNICODE_ISALNUM(c) || c == '_'; }

/* End of the capitalised word (places._WORD_FAST) that starts at i, where text[i] is a capital. */
static Py_ssize_t word_end(int kind, const void *data, Py_ssize_t n, Py_ssize_t i)
{
    Py_ssize_t j = i + 1;
    if (is_ascii_upper(READ(i)) && j < n && READ(j) == '.') { /* U.S. */
        Py_ssize_t k = j + 1;
        int letters = 0;
        while (k + 1 < n && is_ascii_upper(READ(k)) && READ(k + 1) == '.') {
            k += 2;
            letters++;
        }
        if (letters)
            return k;
    }
    for (;;) {
        while (j < n && is_word_or_quote(READ(j)))
            j++;
        if (j + 1 < n && READ(j) == '-' && is_upper(READ(j + 1))) { /* Guinea-Bissau */
            j += 2;
            continue;
        }
        return j;
    }
}

/* Whether text[q:t] is a connector (places._CONNECTORS). */
static int is_connector(int kind, const void *data, Py_ssize_t q, Py_ssize_t t)
{
    int len = (int)(t - q);
    for (int c = 0; c < n_connectors; c++) {
        if (connector_len[c] != len)
            continue;
        int k = 0;
        while (k < len && READ(q + k) == connectors[c][k])
            k++;
        if (k == len)
            return 1;
    }
    return 0;
}

/* End of the run of capitalised words (places._SEQ) that starts at i, where text[i] is a capital. */
static Py_ssize_t run_end(int kind, const void *data, Py_ssize_t n, Py_ssize_t i)
{
    Py_ssize_t e = word_end(kind, data, n, i);
    for (;;) {
        Py_ssize_t p = e;
        for (;;) { /* (\s connector)* \s word */
            if (p >= n || !Py_UNICODE_ISSPACE(READ(p)))
                return e;
            Py_ssize_t q = p + 1;
            if (q < n && is_upper(READ(q))) {
                e = word_end(kind, data, n, q);
                break;
            }
            Py_ssize_t t = q;
            while (t < n && t - q <= longest_connector && !Py_UNICODE_ISSPACE(READ(t)))
                t++;
            if (t == q || t >= n || !Py_UNICODE_ISSPACE(READ(t)) || !is_connector(kind, data, q, t))
                return e;
            p = t;
        }
    }
}

/* Next run at or after *pos: its start (or -1), and its end in *end. */
static Py_ssize_t next_run(int kind, const void *data, Py_ssize_t n, Py_ssize_t pos, Py_ssize_t *end)
{
    for (Py_ssize_t i = pos; i < n; i++) {
        if (is_upper(READ(i))) {
            *end = run_end(kind, data, n, i);
            return i;
        }
    }
    return -1;
}

static inline int in_chars(Py_UCS4 c, const Py_UCS4 *set, int n)
{
    for (int i = 0; i < n; i++)
        if (c == set[i])
            return 1;
    return 0;
}

/* places._sentence_initial(text, start, window=window): only blanks, quotes and brackets in the
 * `window` characters before `start`, or a sentence's end (places._INITIAL_END) before those. */
static int sentence_initial(int kind, const void *data, Py_ssize_t start, Py_ssize_t window)
{
    static const Py_UCS4 opening[] = {' ', '\t', '"', 0x201C, 0x2018, '\'', '('};
    static const Py_UCS4 ends[] = {'.', '!', '?', '\n', ':', 0x2013, 0x2014, '-'};
    Py_ssize_t lo = start > window ? start - window : 0;
    Py_ssize_t i = start;
    while (i > lo && in_chars(READ(i - 1), opening, 7))
        i--;
    return i == lo || in_chars(READ(i - 1), ends, 8);
}

/* places._EPONYM_NEXT.match(text, end): blanks, then a word of `eponyms` ending at a word boundary. */
static int eponym_next(PyObject *text, int kind, const void *data, Py_ssize_t n, Py_ssize_t end)
{
    Py_ssize_t p = end;
    while (p < n && Py_UNICODE_ISSPACE(READ(p)))
        p++;
    if (p == end || p >= n || !is_word(READ(p)))
        return 0;
    Py_ssize_t q = p;
    while (q < n && is_word(READ(q)) && q - p <= 16)
        q++;
    if (q < n && is_word(READ(q)))
        return 0;
    PyObject *w = PyUnicode_Substring(text, p, q);
    if (w == NULL)
        return -1;
    int got = PySet_Contains(eponyms, w);
    Py_DECREF(w);
    return got;
}

/* *slots[i] = values[i] (new references; the old ones are released) */
static void keep(PyObject **slots[], PyObject *values[], int n)
{
    for (int i = 0; i < n; i++)
        Py_XSETREF(*slots[i], Py_NewRef(values[i]));
}

static PyObject *py_setup(PyObject *self, PyObject *args)
{
    PyObject *upper, *conn, *ep, *tit, *no, *an, *so, *mt;
    if (!PyArg_ParseTuple(args, "UOOOOOOO:setup", &upper, &conn, &ep, &tit, &no, &an, &so, &mt))
        return NULL;
    memset(upper_table, 0, sizeof upper_table);
    Py_ssize_t nu = PyUnicode_GET_LENGTH(upper);
    for (Py_ssize_t i = 0; i < nu; i++) {
        Py_UCS4 c = PyUnicode_READ_CHAR(upper, i);
        if (c >= UPPER_TABLE) {
            PyErr_Format(PyExc_ValueError, "setup: capital letter U+%04X is outside the table", (unsigned)c);
            return NULL;
        }
        upper_table[c] = 1;
    }
    PyObject *seq = PySequence_Fast(conn, "setup: connectors must be a sequence of str");
    if (seq == NULL)
        return NULL;
    Py_ssize_t nc = PySequence_Fast_GET_SIZE(seq);
    if (nc > MAX_CONNECTORS) {
        Py_DECREF(seq);
        PyErr_SetString(PyExc_ValueError, "setup: too many connectors");
        return NULL;
    }
    n_connectors = 0;
    longest_connector = 0;
    for (Py_ssize_t i = 0; i < nc; i++) {
        PyObject *w = PySequence_Fast_GET_ITEM(seq, i);
        if (!PyUnicode_Check(w) || PyUnicode_GET_LENGTH(w) == 0 ||
            PyUnicode_GET_LENGTH(w) > MAX_CONNECTOR_LEN) {
            Py_DECREF(seq);
            PyErr_SetString(PyExc_ValueError, "setup: a connector must be a str of 1 to 8 characters");
            return NULL;
        }
        int len = (int)PyUnicode_GET_LENGTH(w);
        for (int k = 0; k < len; k++)
            connectors[n_connectors][k] = PyUnicode_READ_CHAR(w, k);
        connector_len[n_connectors++] = len;
        if (len > longest_connector)
            longest_connector = len;
    }
    Py_DECREF(seq);
    keep((PyObject **[]){&eponyms, &titles, &nothing, &analyse, &sig_of, &mention_type},
         (PyObject *[]){ep, tit, no, an, so, mt}, 6);
    Py_RETURN_NONE;
}

static int ready(void)
{
    if (analyse == NULL) {
        PyErr_SetString(PyExc_RuntimeError, "bordermap._speedups: setup() has not been called");
        return 0;
    }
    return 1;
}

/* A text and a position in it, for going through its runs of capitalised words. */
typedef struct {
    int kind;
    const void *data;
    Py_ssize_t n, pos;
} Scan;

static void scan_init(Scan *sc, PyObject *text)
{
    sc->kind = PyUnicode_KIND(text);
    sc->data = PyUnicode_DATA(text);
    sc->n = PyUnicode_GET_LENGTH(text);
    sc->pos = 0;
}

/* Start of the next run (its end in *end), or -1. */
static Py_ssize_t scan_next(Scan *sc, Py_ssize_t *end)
{
    Py_ssize_t start = next_run(sc->kind, sc->data, sc->n, sc->pos, end);
    if (start >= 0)
        sc->pos = *end;
    return start;
}

static PyObject *py_runs(PyObject *self, PyObject *text)
{
    if (!PyUnicode_Check(text)) {
        PyErr_SetString(PyExc_TypeError, "runs: text must be a str");
        return NULL;
    }
    Scan sc;
    scan_init(&sc, text);
    PyObject *out = PyList_New(0);
    Py_ssize_t end = 0, start;
    while (out != NULL && (start = scan_next(&sc, &end)) >= 0) {
        PyObject *t = Py_BuildValue("(nn)", start, end);
        if (t == NULL || PyList_Append(out, t) < 0)
            Py_CLEAR(out);
        Py_XDECREF(t);
    }
    return out;
}

/* d[key], borrowed; NULL with a KeyError saying `what` when it is missing (or on another error) */
static PyObject *must_get(PyObject *d, PyObject *key, const char *what)
{
    PyObject *got = PyDict_GetItemWithError(d, key);
    if (got == NULL && !PyErr_Occurred())
        PyErr_SetString(PyExc_KeyError, what);
    return got;
}

/* Add `key` to the set *words (made on first use). */
static int add_word(PyObject **words, PyObject *key)
{
    if (*words == NULL && (*words = PySet_New(NULL)) == NULL)
        return -1;
    return PySet_Add(*words, key);
}

/* Whether text[w:e], in lower case, is a title (TITLES): 1 or 0, -1 on error. */
static int is_title(PyObject *text, Py_ssize_t w, Py_ssize_t e)
{
    PyObject *word = PyUnicode_Substring(text, w, e);
    if (word == NULL)
        return -1;
    PyObject *low = PyObject_CallMethodNoArgs(word, str_lower);
    Py_DECREF(word);
    if (low == NULL)
        return -1;
    int got = PySet_Contains(titles, low);
    Py_DECREF(low);
    return got;
}

/* places._before: 1 when the word at `start` is sentence-initial, 2 when the word before it is a
 * title, else 0 (-1 on error). */
static int before_c(PyObject *text, int kind, const void *data, Py_ssize_t start)
{
    static const Py_UCS4 gap[] = {' ', '\t', '\n', ','};
    static const Py_UCS4 quotes[] = {'"', 0x201C, '('};
    if (sentence_initial(kind, data, start, 30))
        return 1;
    Py_ssize_t lo = start > 30 ? start - 30 : 0;
    /* before.rstrip(" \t\n,").rsplit(None, 1)[-1] */
    Py_ssize_t e = start;
    while (e > lo && in_chars(READ(e - 1), gap, 4))
        e--;
    while (e > lo && Py_UNICODE_ISSPACE(READ(e - 1)))
        e--;
    if (e == lo)
        return 0;
    Py_ssize_t w = e;
    while (w > lo && !Py_UNICODE_ISSPACE(READ(w - 1)))
        w--;
    /* .rstrip(".").strip('"“(') */
    while (e > w && READ(e - 1) == '.')
        e--;
    while (w < e && in_chars(READ(w), quotes, 3))
        w++;
    while (e > w && in_chars(READ(e - 1), quotes, 3))
        e--;
    int got = is_title(text, w, e);
    return got < 0 ? -1 : got ? 2 : 0;
}

static PyObject *py_candidates(PyObject *self, PyObject *args)
{
    PyObject *text, *gaz, *memo;
    if (!PyArg_ParseTuple(args, "UOO!:candidates", &text, &gaz, &PyDict_Type, &memo))
        return NULL;
    if (!ready())
        return NULL;
    Scan sc;
    scan_init(&sc, text);
    int kind = sc.kind;
    const void *data = sc.data;
    Py_ssize_t n = sc.n;
    PyObject *out = PyList_New(0);
    PyObject *person = NULL;
    if (out == NULL)
        return NULL;
    Py_ssize_t end = 0, base;
    while ((base = scan_next(&sc, &end)) >= 0) {
        PyObject *run = PyUnicode_Substring(text, base, end);
        if (run == NULL)
            goto error;
        PyObject *info = PyDict_GetItemWithError(memo, run); /* borrowed */
        if (info == NULL) {
            if (PyErr_Occurred()) {
                Py_DECREF(run);
                goto error;
            }
            info = PyObject_CallFunctionObjArgs(analyse, run, gaz, NULL);
            if (info == NULL || PyDict_SetItem(memo, run, info) < 0) {
                Py_XDECREF(info);
                Py_DECREF(run);
                goto error;
            }
            Py_DECREF(info); /* the memo holds it */
        }
        Py_DECREF(run);
        if (info == nothing)
            continue;
        if (!PyTuple_Check(info) || PyTuple_GET_SIZE(info) < 2 || !PyTuple_Check(PyTuple_GET_ITEM(info, 1))) {
            PyErr_SetString(PyExc_TypeError, "candidates: the run analysis must be a (person_words, matches) tuple");
            goto error;
        }
        Py_INCREF(info); /* the memo may change in the callbacks below */
        PyObject *pw = PyTuple_GET_ITEM(info, 0);
        if (PyObject_Length(pw) > 0) {
            if (person == NULL && (person = PySet_New(NULL)) == NULL) {
                Py_DECREF(info);
                goto error;
            }
            PyObject *merged = PyNumber_InPlaceOr(person, pw); /* person_words |= info.person_words */
            if (merged == NULL) {
                Py_DECREF(info);
                goto error;
            }
            Py_DECREF(merged);
        }
        PyObject *fast = PyTuple_GET_ITEM(info, 1);
        int run_initial = -1;
        for (Py_ssize_t f = 0; f < PyTuple_GET_SIZE(fast); f++) {
            PyObject *m = PyTuple_GET_ITEM(fast, f);
            if (!PyTuple_Check(m) || PyTuple_GET_SIZE(m) != 15) {
                PyErr_SetString(PyExc_TypeError, "candidates: a run match must be a 15-tuple");
                goto error_info;
            }
            PyObject *key = PyTuple_GET_ITEM(m, 3);
#define FLAG(i) (PyTuple_GET_ITEM(m, (i)) == Py_True)
            if (FLAG(6)) { /* drop */
                if (add_word(&person, key) < 0)
                    goto error_info;
                continue;
            }
            Py_ssize_t rs = PyLong_AsSsize_t(PyTuple_GET_ITEM(m, 0));
            Py_ssize_t re = PyLong_AsSsize_t(PyTuple_GET_ITEM(m, 1));
            if ((rs == -1 || re == -1) && PyErr_Occurred())
                goto error_info;
            Py_ssize_t start = base + rs, stop = base + re;
            int initial = 0;
            if (FLAG(5)) { /* first word of the run: sentence-initial, or after a title? */
                int b = before_c(text, kind, data, start);
                if (b < 0)
                    goto error_info;
                initial = b == 1;
                if (b == 2) {
                    if (add_word(&person, key) < 0)
                        goto error_info;
                    continue;
                }
            }
            if (FLAG(12)) { /* ends the run: "Marburg virus" */
                int ep = eponym_next(text, kind, data, n, stop);
                if (ep < 0)
                    goto error_info;
                if (ep) {
                    if (add_word(&person, key) < 0)
                        goto error_info;
                    continue;
                }
            }
            int check = FLAG(7);
            if (check && run_initial < 0)
                run_initial = sentence_initial(kind, data, base, 4);
            if (FLAG(8) && !(check && run_initial == 1)) { /* "Ylva Johansson" */
                if (add_word(&person, key) < 0)
                    goto error_info;
                continue;
            }
            int in_name = FLAG(10) || (FLAG(9) && !(check && run_initial == 1));
            PyObject *sigs = PyTuple_GET_ITEM(m, 14);
            if (!PyList_Check(sigs) || PyList_GET_SIZE(sigs) != 4) {
                PyErr_SetString(PyExc_TypeError, "candidates: a run match must end with a list of 4 signatures");
                goto error_info;
            }
            Py_ssize_t slot = 2 * initial + in_name;
            PyObject *sig = PyList_GET_ITEM(sigs, slot);
            if (sig == Py_None) {
                sig = PyObject_CallFunctionObjArgs(sig_of, gaz, key, initial ? Py_True : Py_False,
                                                   PyTuple_GET_ITEM(m, 11), in_name ? Py_True : Py_False, NULL);
                if (sig == NULL)
                    goto error_info;
                PyList_SetItem(sigs, slot, sig); /* steals the reference */
            }
            PyObject *c = PyTuple_New(10);
            if (c == NULL)
                goto error_info;
            PyObject *st = PyLong_FromSsize_t(start), *en = PyLong_FromSsize_t(stop);
            if (st == NULL || en == NULL) {
                Py_XDECREF(st);
                Py_XDECREF(en);
                Py_DECREF(c);
                goto error_info;
            }
            PyTuple_SET_ITEM(c, 0, st);
            PyTuple_SET_ITEM(c, 1, en);
            PyTuple_SET_ITEM(c, 2, Py_NewRef(PyTuple_GET_ITEM(m, 2)));
            PyTuple_SET_ITEM(c, 3, Py_NewRef(key));
            PyTuple_SET_ITEM(c, 4, Py_NewRef(PyTuple_GET_ITEM(m, 4)));
            PyTuple_SET_ITEM(c, 5, Py_NewRef(initial ? Py_True : Py_False));
            PyTuple_SET_ITEM(c, 6, Py_NewRef(in_name ? Py_True : Py_False));
            PyTuple_SET_ITEM(c, 7, Py_NewRef(PyTuple_GET_ITEM(m, 11)));
            PyTuple_SET_ITEM(c, 8, Py_NewRef(PyTuple_GET_ITEM(m, 13)));
            PyTuple_SET_ITEM(c, 9, Py_NewRef(sig));
            int err = PyList_Append(out, c);
            Py_DECREF(c);
            if (err < 0)
                goto error_info;
#undef FLAG
        }
        Py_DECREF(info);
        continue;
    error_info:
        Py_DECREF(info);
        goto error;
    }
    if (person != NULL && PySet_GET_SIZE(person) > 0) { /* a name's words: one-word candidates go */
        PyObject *kept = PyList_New(0);
        if (kept == NULL)
            goto error;
        for (Py_ssize_t i = 0; i < PyList_GET_SIZE(out); i++) {
            PyObject *c = PyList_GET_ITEM(out, i);
            int drop = 0;
            PyObject *words = PyTuple_GET_ITEM(c, 4);
            long nw = PyLong_AsLong(words);
            if (nw == -1 && PyErr_Occurred()) {
                Py_DECREF(kept);
                goto error;
            }
            if (nw == 1) {
                drop = PySet_Contains(person, PyTuple_GET_ITEM(c, 3));
                if (drop < 0) {
                    Py_DECREF(kept);
                    goto error;
                }
            }
            if (!drop && PyList_Append(kept, c) < 0) {
                Py_DECREF(kept);
                goto error;
            }
        }
        Py_SETREF(out, kept);
    }
    Py_XDECREF(person);
    return out;
error:
    Py_XDECREF(person);
    Py_DECREF(out);
    return NULL;
}

static PyObject *py_mentions(PyObject *self, PyObject *args)
{
    PyObject *cands, *resolved, *sentences, *article_id;
    if (!PyArg_ParseTuple(args, "O!O!OO:mentions", &PyList_Type, &cands, &PyDict_Type, &resolved, &sentences,
                          &article_id))
        return NULL;
    if (!ready())
        return NULL;
    PyObject *out = PyList_New(0);
    if (out == NULL)
        return NULL;
    for (Py_ssize_t i = 0; i < PyList_GET_SIZE(cands); i++) {
        PyObject *c = PyList_GET_ITEM(cands, i);
        if (!PyTuple_Check(c) || PyTuple_GET_SIZE(c) != 10) {
            PyErr_SetString(PyExc_TypeError, "mentions: a candidate must be a 10-tuple");
            goto error;
        }
        PyObject *got = must_get(resolved, PyTuple_GET_ITEM(c, 9), "mentions: a candidate's signature was not resolved");
        if (got == NULL)
            goto error;
        if (got == Py_None)
            continue;
        if (!PyTuple_Check(got) || PyTuple_GET_SIZE(got) != 3) {
            PyErr_SetString(PyExc_TypeError, "mentions: a resolution must be a (place, confidence, alternatives) tuple");
            goto error;
        }
        /* object.__new__(Mention), then the instance dict filled as extract_places fills it */
        PyObject *m = PyBaseObject_Type.tp_new((PyTypeObject *)mention_type, empty_tuple, NULL);
        if (m == NULL)
            goto error;
        PyObject *d = PyObject_GenericGetDict(m, NULL);
        if (d == NULL || PyDict_SetItem(d, k_text, PyTuple_GET_ITEM(c, 2)) < 0 ||
            PyDict_SetItem(d, k_start, PyTuple_GET_ITEM(c, 0)) < 0 ||
            PyDict_SetItem(d, k_end, PyTuple_GET_ITEM(c, 1)) < 0 ||
            PyDict_SetItem(d, k_sentences, sentences) < 0 ||
            PyDict_SetItem(d, k_place, PyTuple_GET_ITEM(got, 0)) < 0 ||
            PyDict_SetItem(d, k_confidence, PyTuple_GET_ITEM(got, 1)) < 0 ||
            PyDict_SetItem(d, k_alternatives, PyTuple_GET_ITEM(got, 2)) < 0 ||
            PyDict_SetItem(d, k_article_id, article_id) < 0 || PyList_Append(out, m) < 0) {
            Py_XDECREF(d);
            Py_DECREF(m);
            goto error;
        }
        Py_DECREF(d);
        Py_DECREF(m);
    }
    return out;
error:
    Py_DECREF(out);
    return NULL;
}


static PyObject *py_setup_resolve(PyObject *self, PyObject *args)
{
    PyObject *fr, *sp, *ch, *ne, *ct, *wi, *rs, *lo, *fa;
    double ms, lc;
    if (!PyArg_ParseTuple(args, "OOOOOOOOddO:setup_resolve", &fr, &sp, &ch, &ne, &ct, &wi, &rs, &lo, &ms, &lc, &fa))
        return NULL;
    keep((PyObject **[]){&free_fn, &far_fn, &speaks_fn, &check_fn, &near_fn, &ctx_type, &within_fn, &resolve_sig_fn,
                         &lone_fn},
         (PyObject *[]){fr, fa, sp, ch, ne, ct, wi, rs, lo}, 9);
    min_score = ms;
    lone_confidence = lc;
    Py_CLEAR(near_cache);
    Py_RETURN_NONE;
}

/* The truth of a new reference, which it releases: 1, 0, or -1 (NULL: an error already set). */
static int truth(PyObject *value)
{
    if (value == NULL)
        return -1;
    int got = PyObject_IsTrue(value);
    Py_DECREF(value);
    return got;
}

/* sig.name.crossings: 1, 0, or -1 on error */
static int sig_crossings(PyObject *sig)
{
    PyObject *name = PyObject_GetAttr(sig, a_name);
    if (name == NULL)
        return -1;
    int got = truth(PyObject_GetAttr(name, a_crossings));
    Py_DECREF(name);
    return got;
}

/* A borrowed item of a tuple, checked. */
static PyObject *item(PyObject *t, Py_ssize_t i, const char *what)
{
    if (!PyTuple_Check(t) || PyTuple_GET_SIZE(t) <= i) {
        PyErr_Format(PyExc_TypeError, "resolve: %s must be a tuple of more than %zd items", what, i);
        return NULL;
    }
    return PyTuple_GET_ITEM(t, i);
}

/* d[key] = value, taking over the reference to value (NULL: an error already set).  0, or -1 on error. */
static int set_steal(PyObject *d, PyObject *key, PyObject *value)
{
    if (value == NULL)
        return -1;
    int err = PyDict_SetItem(d, key, value);
    Py_DECREF(value);
    return err;
}

/* d[key] += by, for a dict of ints */
static int add_count(PyObject *d, PyObject *key, long by)
{
    PyObject *got = PyDict_GetItemWithError(d, key);
    long now = by;
    if (got != NULL) {
        now += PyLong_AsLong(got);
        if (PyErr_Occurred())
            return -1;
    } else if (PyErr_Occurred())
        return -1;
    return set_steal(d, key, PyLong_FromLong(now));
}

/* places._judge for entry p scored `score` as the best reading of a candidate of form `form`, in an
 * article with a context: the score in *out (-1 or -2: rejected), and the score before penalties and
 * repeats in *top.  0, or -1 on error. */
static int judge(PyObject *sig, PyObject *form, PyObject *p, double score, PyObject *context, int repeated,
                 PyObject *zipf, double *out)
{
    Py_ssize_t f = PyLong_AsSsize_t(form);
    if (f == -1 && PyErr_Occurred())
        return -1;
    PyObject *checked = PyObject_GetAttr(sig, a_checked);
    if (checked == NULL)
        return -1;
    PyObject *by_id = item(checked, f, "a signature's checks");
    PyObject *pid = PyLong_FromVoidPtr(p);
    PyObject *got = NULL;
    if (by_id != NULL && pid != NULL) {
        if (!PyDict_Check(by_id))
            PyErr_SetString(PyExc_TypeError, "resolve: a signature's checks must be dicts");
        else
            got = Py_XNewRef(PyDict_GetItemWithError(by_id, pid));
    }
    Py_XDECREF(pid);
    Py_DECREF(checked);
    if (PyErr_Occurred()) {
        Py_XDECREF(got);
        return -1;
    }
    if (got == NULL || got == Py_None) { /* sig.checked[form].get(id(p)) or _check(sig, form, p, zipf) */
        Py_XDECREF(got);
        got = PyObject_CallFunctionObjArgs(check_fn, sig, form, p, zipf, NULL);
        if (got == NULL)
            return -1;
    }
    PyObject *reject = item(got, 0, "a check"), *penalty = item(got, 1, "a check"), *needs = item(got, 2, "a check");
    int err = reject == NULL || penalty == NULL || needs == NULL ? -1 : 0;
    if (!err) {
        double r = PyFloat_AsDouble(reject);
        if (r == -1.0 && PyErr_Occurred())
            err = -1;
        else if (r != 0.0)
            score = r; /* rejected */
        else {
            int missing = 0;
            if (penalty != Py_None) {
                int in = needs == Py_None ? 1 : PyDict_Contains(context, needs);
                double pen = PyFloat_AsDouble(penalty);
                if (in < 0 || (pen == -1.0 && PyErr_Occurred()))
                    err = -1;
                else if (!in)
                    missing = 1; /* an ordinary word needs its country named in the article */
                else
                    score -= pen;
            }
            if (missing)
                score = -1.0;
            else if (repeated)
                score += 0.5;
        }
    }
    Py_DECREF(got);
    *out = score;
    return err;
}

/* The bonus of `p` in `bonus` (by its country) in *add, 0.0 if none: 1 when it has one, 0 when it has
 * none, -1 on error. */
static int boost_of(PyObject *p, PyObject *bonus, double *add)
{
    *add = 0.0;
    PyObject *country = PyObject_GetAttr(p, a_country);
    if (country == NULL)
        return -1;
    PyObject *boost = PyDict_GetItemWithError(bonus, country);
    Py_DECREF(country);
    if (boost == NULL)
        return PyErr_Occurred() ? -1 : 0;
    *add = PyFloat_AsDouble(boost);
    return *add == -1.0 && PyErr_Occurred() ? -1 : 1;
}

/* Whether p is a border crossing: 1, 0, or -1 on error. */
static int is_crossing(PyObject *p)
{
    PyObject *kind = PyObject_GetAttr(p, a_kind);
    if (kind == NULL)
        return -1;
    int got = PyObject_RichCompareBool(kind, s_crossing, Py_EQ);
    Py_DECREF(kind);
    return got;
}


/* name.resolved(): the memo in name._resolved, or the method's answer */
static PyObject *name_resolved(PyObject *name)
{
    PyObject *got = PyObject_GetAttr(name, a__resolved);
    if (got == NULL || got != Py_None)
        return got;
    Py_DECREF(got);
    return PyObject_CallMethodNoArgs(name, a_resolved);
}

/* places._confidence(top, runner_up, best), or None (a new reference) for a place with a note, whose
 * confidence the Python code works out */
static PyObject *confidence(double top, double runner_up, PyObject *best)
{
    int noted = truth(PyObject_GetAttr(best, a_note));
    if (noted < 0)
        return NULL;
    if (noted)
        return Py_NewRef(Py_None);
    double margin = top - runner_up;
    if (margin == 4.0)
        return PyFloat_FromDouble(lone_confidence);
    double e = exp(-margin);
    if (!isfinite(e)) /* math.exp raises OverflowError: let the Python code say so */
        return Py_NewRef(Py_None);
    PyObject *x = PyFloat_FromDouble(1.0 / (1.0 + e));
    if (x == NULL)
        return NULL;
    PyObject *rounded = PyObject_CallMethod(x, "__round__", "i", 3); /* round(x, 3) */
    Py_DECREF(x);
    return rounded;
}

/* places._lone_confidence(top, p): _confidence(top, top - 4, p), from the Python code for a place with a note */
static PyObject *lone(double top, PyObject *p)
{
    PyObject *conf = confidence(top, top - 4.0, p);
    if (conf != Py_None)
        return conf;
    Py_DECREF(conf);
    PyObject *top_obj = PyFloat_FromDouble(top);
    if (top_obj == NULL)
        return NULL;
    conf = PyObject_CallFunctionObjArgs(lone_fn, top_obj, p, NULL);
    Py_DECREF(top_obj);
    return conf;
}

/* The commonest cases of places._resolve_sig in an article with a context: a name with one entry,
 * and a name with several whose best reading is rejected.  Sets *r to a new reference to the
 * resolution (or None), or leaves it NULL for places._resolve_sig to decide.  0, or -1 on error. */
static int resolve_c(PyObject *sig, PyObject *lead, PyObject *name, PyObject *entries, PyObject *context,
                     PyObject *bonus, int crossing, int repeated, PyObject *zipf, PyObject **r)
{
    *r = NULL;
    PyObject *form = item(lead, 8, "a candidate");
    if (form == NULL)
        return -1;
    Py_ssize_t ne = PyList_GET_SIZE(entries);
    if (ne == 0)
        return 0;
    PyObject *b_obj = item(PyList_GET_ITEM(entries, 0), 0, "an entry");
    PyObject *p = item(PyList_GET_ITEM(entries, 0), 1, "an entry");
    if (b_obj == NULL || p == NULL)
        return -1;
    double b = PyFloat_AsDouble(b_obj);
    if (b == -1.0 && PyErr_Occurred())
        return -1;
    double score;
    if (ne == 1) { /* one entry (most names): _rescored and _judge on it */
        double bv;
        int has_boost = boost_of(p, bonus, &bv);
        if (has_boost < 0)
            return -1;
        int crossing_entry = crossing ? is_crossing(p) : 0;
        if (crossing_entry < 0)
            return -1;
        double top = crossing_entry ? b + (bv + 1.5) : has_boost ? b + bv : b;
        if (judge(sig, form, p, top, context, repeated, zipf, &score) < 0)
            return -1;
        if (score < min_score)
            *r = Py_NewRef(Py_None);
        else if (!has_boost && !crossing_entry)
            *r = name_resolved(name);
        else { /* _resolve_list([(top, p)]) */
            PyObject *conf = lone(top, p);
            if (conf == NULL)
                return -1;
            *r = PyTuple_Pack(3, p, conf, empty_tuple);
            Py_DECREF(conf);
        }
        return *r == NULL ? -1 : 0;
    }
    /* several entries: the best reading, as _resolve_sig scores them */
    PyObject *countries = PyObject_GetAttr(name, a_countries);
    if (countries == NULL)
        return -1;
    int name_crossings = 0;
    if (crossing)
        name_crossings = truth(PyObject_GetAttr(name, a_crossings));
    int boosted = name_crossings;
    Py_ssize_t nc = boosted < 0 ? 0 : PyObject_Length(countries);
    if (!boosted && nc > 1) { /* not name.countries.isdisjoint(bonus) */
        PyObject *it = PyObject_GetIter(countries), *code;
        if (it == NULL)
            boosted = -1;
        while (it != NULL && boosted == 0 && (code = PyIter_Next(it)) != NULL) {
            boosted = PyDict_Contains(bonus, code);
            Py_DECREF(code);
        }
        Py_XDECREF(it);
        if (PyErr_Occurred())
            boosted = -1;
    }
    Py_DECREF(countries);
    if (boosted < 0 || nc < 0)
        return -1;
    if (nc == 1 && !name_crossings) { /* entries in one country: one bonus for all, the order stays */
        double bv;
        int has_boost = boost_of(p, bonus, &bv);
        if (has_boost < 0)
            return -1;
        score = has_boost ? b + bv : b;
        double top = score;
        if (judge(sig, form, p, score, context, repeated, zipf, &score) < 0)
            return -1;
        if (score < min_score) {
            *r = Py_NewRef(Py_None);
            return 0;
        }
        if (!has_boost) {
            *r = name_resolved(name);
            return *r == NULL ? -1 : 0;
        }
        /* name.resolved_alike(scored): the margin to the first rival more than 100 km away */
        PyObject *far = PyObject_GetAttr(name, a__far_rival);
        if (far == NULL)
            return -1;
        Py_ssize_t k = far == Py_None ? -1 : PyLong_AsSsize_t(far);
        Py_DECREF(far);
        if (k == -1) /* not worked out yet (or an error): the Python code does it */
            return PyErr_Occurred() ? -1 : 0;
        double runner_up = top - 4.0;
        if (k > 0) {
            PyObject *rb = k < ne ? item(PyList_GET_ITEM(entries, k), 0, "an entry") : NULL;
            if (rb == NULL) {
                if (!PyErr_Occurred())
                    PyErr_SetString(PyExc_IndexError, "resolve: a name's rival is out of range");
                return -1;
            }
            runner_up = PyFloat_AsDouble(rb) + bv;
            if (PyErr_Occurred())
                return -1;
        }
        PyObject *res = name_resolved(name);
        if (res == NULL)
            return -1;
        PyObject *rbest = item(res, 0, "a resolution"), *ralts = item(res, 2, "a resolution");
        PyObject *conf = rbest == NULL || ralts == NULL ? NULL : confidence(top, runner_up, rbest);
        if (conf != NULL && conf != Py_None)
            *r = PyTuple_Pack(3, rbest, conf, ralts);
        Py_XDECREF(conf);
        Py_DECREF(res);
        return PyErr_Occurred() ? -1 : 0;
    }
    if (!boosted) { /* no bonus applies: the entries as they are */
        if (judge(sig, form, p, b, context, repeated, zipf, &score) < 0)
            return -1;
        *r = score < min_score ? Py_NewRef(Py_None) : name_resolved(name);
        return *r == NULL ? -1 : 0;
    }
    /* _rescored: every entry with its bonus, best first (a stable sort) */
    double *scores = PyMem_Malloc(ne * sizeof(double));
    Py_ssize_t *order = PyMem_Malloc(ne * sizeof(Py_ssize_t));
    PyObject *result = NULL;
    int err = -1;
    if (scores == NULL || order == NULL) {
        PyErr_NoMemory();
        goto out;
    }
    for (Py_ssize_t i = 0; i < ne; i++) {
        PyObject *e = PyList_GET_ITEM(entries, i);
        PyObject *eb = item(e, 0, "an entry"), *ep = item(e, 1, "an entry");
        if (eb == NULL || ep == NULL)
            goto out;
        double add;
        if (boost_of(ep, bonus, &add) < 0)
            goto out;
        int ce = crossing ? is_crossing(ep) : 0;
        if (ce < 0)
            goto out;
        scores[i] = PyFloat_AsDouble(eb) + (ce ? add + 1.5 : add);
        if (PyErr_Occurred())
            goto out;
        Py_ssize_t j = i; /* insertion: after every entry scored as high or higher */
        while (j > 0 && scores[order[j - 1]] < scores[i]) {
            order[j] = order[j - 1];
            j--;
        }
        order[j] = i;
    }
    PyObject *best = PyTuple_GET_ITEM(PyList_GET_ITEM(entries, order[0]), 1);
    double top = scores[order[0]];
    if (judge(sig, form, best, top, context, repeated, zipf, &score) < 0)
        goto out;
    if (score < min_score) {
        result = Py_NewRef(Py_None);
        err = 0;
        goto out;
    }
    /* _resolve_list: the margin to the first rival more than 100 km away among the next five */
    Py_ssize_t last = ne < 6 ? ne : 6;
    double runner_up = top - 4.0;
    for (Py_ssize_t i = 1; i < last; i++) {
        PyObject *rival = PyTuple_GET_ITEM(PyList_GET_ITEM(entries, order[i]), 1);
        int is_far = truth(PyObject_CallFunctionObjArgs(far_fn, rival, best, NULL));
        if (is_far < 0)
            goto out;
        if (is_far) {
            runner_up = scores[order[i]];
            break;
        }
    }
    PyObject *alternatives = PyTuple_New(last - 1);
    if (alternatives == NULL)
        goto out;
    for (Py_ssize_t i = 1; i < last; i++)
        PyTuple_SET_ITEM(alternatives, i - 1, Py_NewRef(PyTuple_GET_ITEM(PyList_GET_ITEM(entries, order[i]), 1)));
    PyObject *conf = confidence(top, runner_up, best);
    if (conf != NULL && conf != Py_None)
        result = PyTuple_Pack(3, best, conf, alternatives);
    Py_XDECREF(conf);
    Py_DECREF(alternatives);
    err = PyErr_Occurred() ? -1 : 0;
out:
    PyMem_Free(scores);
    PyMem_Free(order);
    *r = result;
    return err;
}

static PyObject *py_resolve(PyObject *self, PyObject *args)
{
    PyObject *text, *cands, *zipf;
    if (!PyArg_ParseTuple(args, "UO!O:resolve", &text, &PyList_Type, &cands, &zipf))
        return NULL;
    if (resolve_sig_fn == NULL) {
        PyErr_SetString(PyExc_RuntimeError, "bordermap._speedups: setup_resolve() has not been called");
        return NULL;
    }
    PyObject *first = PyDict_New(), *repeats = PyDict_New(), *free = PyDict_New(), *context = PyDict_New();
    PyObject *bonus = PyDict_New(), *resolved = PyDict_New();
    PyObject *kept = NULL, *name_parts = NULL, *ctx = NULL, *within = NULL, *result = NULL;
    Py_ssize_t pos;
    PyObject *sig, *lead;
    if (!first || !repeats || !free || !context || !bonus || !resolved)
        goto done;
    Py_ssize_t nc = PyList_GET_SIZE(cands);
    int crossings = 0;
    for (Py_ssize_t i = 0; i < nc; i++) {
        PyObject *c = PyList_GET_ITEM(cands, i);
        PyObject *s9 = item(c, 9, "a candidate"), *key = item(c, 3, "a candidate");
        if (s9 == NULL || key == NULL || add_count(repeats, key, 1) < 0)
            goto done;
        int seen = PyDict_Contains(first, s9);
        if (seen < 0)
            goto done;
        if (seen)
            continue;
        if (PyDict_SetItem(first, s9, c) < 0)
            goto done;
        if (!crossings && (crossings = sig_crossings(s9)) < 0)
            goto done;
    }
    int crossing = 0;
    if (crossings) {
        crossing = truth(PyObject_CallOneArg(speaks_fn, text));
        if (crossing < 0)
            goto done;
    }
    PyObject *crossing_obj = crossing ? Py_True : Py_False;

    /* pass 1: context-free evaluation of each signature */
    pos = 0;
    while (PyDict_Next(first, &pos, &sig, &lead)) {
        PyObject *got = NULL;
        Py_ssize_t slot = 0; /* sig.free[1 if crossing and sig.name.crossings else 0], as places._free reads it */
        if (crossing && (slot = sig_crossings(sig)) < 0)
            goto done;
        PyObject *memo = PyObject_GetAttr(sig, a_free);
        if (memo == NULL)
            goto done;
        if (PyList_Check(memo) && PyList_GET_SIZE(memo) > slot && PyList_GET_ITEM(memo, slot) != Py_None)
            got = Py_NewRef(PyList_GET_ITEM(memo, slot));
        Py_DECREF(memo);
        if (got == NULL)
            got = PyObject_CallFunctionObjArgs(free_fn, sig, PyTuple_GET_ITEM(lead, 8), crossing_obj, zipf, NULL);
        if (set_steal(free, sig, got) < 0)
            goto done;
    }
    /* words of a name: "Willie Campbell ... Campbell said" */
    PyObject *got;
    pos = 0;
    while (PyDict_Next(free, &pos, &sig, &got)) {
        PyObject *in_name = PyObject_GetAttr(sig, a_in_name);
        if (in_name == NULL)
            goto done;
        int is_in = in_name == Py_True;
        Py_DECREF(in_name);
        if (!is_in)
            continue;
        PyObject *score = item(got, 0, "a context-free evaluation");
        if (score == NULL)
            goto done;
        double sc = PyFloat_AsDouble(score);
        if (sc == -1.0 && PyErr_Occurred())
            goto done;
        if (sc != -2.0)
            continue;
        PyObject *key = PyObject_GetAttr(sig, a_key);
        if (key == NULL)
            goto done;
        int err = add_word(&name_parts, key);
        Py_DECREF(key);
        if (err < 0)
            goto done;
    }
    if (name_parts != NULL) {
        kept = PyList_New(0);
        if (kept == NULL)
            goto done;
        for (Py_ssize_t i = 0; i < nc; i++) {
            PyObject *c = PyList_GET_ITEM(cands, i);
            int part = PySet_Contains(name_parts, PyTuple_GET_ITEM(c, 3));
            if (part < 0)
                goto done;
            if (part) {
                long nw = PyLong_AsLong(PyTuple_GET_ITEM(c, 4));
                if (nw == -1 && PyErr_Occurred())
                    goto done;
                part = nw <= 1;
            }
            if (!part && PyList_Append(kept, c) < 0)
                goto done;
        }
    } else
        kept = Py_NewRef(cands);
    nc = PyList_GET_SIZE(kept);

    /* the article's context: the countries its places are in, and the bonus of places._context_bonus */
    long total = 0;
    for (Py_ssize_t i = 0; i < nc; i++) {
        PyObject *c = PyList_GET_ITEM(kept, i);
        PyObject *fr = must_get(free, PyTuple_GET_ITEM(c, 9), "resolve: a candidate's signature has no evaluation");
        PyObject *contribution = fr == NULL ? NULL : item(fr, 2, "a context-free evaluation");
        if (contribution == NULL)
            goto done;
        if (contribution == Py_None)
            continue;
        PyObject *code = item(contribution, 0, "a contribution"), *weight = item(contribution, 1, "a contribution");
        if (code == NULL || weight == NULL)
            goto done;
        long w = PyLong_AsLong(weight);
        if ((w == -1 && PyErr_Occurred()) || add_count(context, code, w) < 0)
            goto done;
        total += w;
    }
    if (PyDict_GET_SIZE(context) > 0) {
        if (near_cache == NULL && (near_cache = PyObject_CallNoArgs(near_fn)) == NULL)
            goto done;
        PyObject *near = Py_NewRef(near_cache);
        PyObject *code, *n;
        pos = 0;
        while (PyDict_Next(context, &pos, &code, &n)) {
            PyObject *nb = PyDict_Check(near) ? PyDict_GetItemWithError(near, code) : NULL;
            if (nb == NULL) {
                if (PyErr_Occurred() || !PyDict_Check(near)) {
                    if (!PyErr_Occurred())
                        PyErr_SetString(PyExc_TypeError, "resolve: _neighbour_bonus() must return a dict");
                    Py_DECREF(near);
                    goto done;
                }
                continue; /* near.get(code, ()) */
            }
            int err = PyDict_Update(bonus, nb);
            if (err < 0) {
                Py_DECREF(near);
                goto done;
            }
        }
        Py_DECREF(near);
        pos = 0;
        while (PyDict_Next(context, &pos, &code, &n)) {
            PyObject *v = PyFloat_FromDouble(2.5 + 2.0 * ((double)PyLong_AsLong(n) / (double)total));
            if (v == NULL || PyDict_SetItem(bonus, code, v) < 0) {
                Py_XDECREF(v);
                goto done;
            }
            Py_DECREF(v);
        }
    }
    /* places._Ctx, made when Python code needs it */
#define NEED_CTX()                                                                                       \
    if (ctx == NULL &&                                                                                   \
        (ctx = PyObject_CallFunctionObjArgs(ctx_type, bonus, context, crossing_obj, repeats, zipf, NULL)) == NULL) \
        goto done;

    /* "Santa Ana, California": only when some candidate is followed by a comma and another */
    int kind = PyUnicode_KIND(text);
    const void *data = PyUnicode_DATA(text);
    Py_ssize_t tn = PyUnicode_GET_LENGTH(text);
    int pairs = 0;
    for (Py_ssize_t i = 0; i + 1 < nc && !pairs; i++) {
        Py_ssize_t end = PyLong_AsSsize_t(PyTuple_GET_ITEM(PyList_GET_ITEM(kept, i), 1));
        Py_ssize_t next = PyLong_AsSsize_t(PyTuple_GET_ITEM(PyList_GET_ITEM(kept, i + 1), 0));
        if (PyErr_Occurred())
            goto done;
        pairs = next == end + 2 && end + 1 < tn && READ(end) == ',' && READ(end + 1) == ' ';
    }
    if (pairs) {
        NEED_CTX();
        within = PyObject_CallFunctionObjArgs(within_fn, text, kept, ctx, NULL);
        if (within == NULL)
            goto done;
        if (!PyDict_Check(within)) {
            PyErr_SetString(PyExc_TypeError, "resolve: _within_pairs must return a dict");
            goto done;
        }
    }

    /* pass 2: each signature in the article's context */
    int has_context = PyDict_GET_SIZE(context) > 0;
    pos = 0;
    while (PyDict_Next(first, &pos, &sig, &lead)) {
        PyObject *key = PyObject_GetAttr(sig, a_key);
        if (key == NULL)
            goto done;
        PyObject *in = within == NULL ? NULL : PyDict_GetItemWithError(within, key);
        PyObject *count = PyDict_GetItemWithError(repeats, key);
        Py_DECREF(key);
        if (PyErr_Occurred())
            goto done;
        PyObject *r = NULL;
        if (has_context && (in == NULL || PyObject_IsTrue(in) == 0)) {
            PyObject *name = PyObject_GetAttr(sig, a_name);
            PyObject *entries = name == NULL ? NULL : PyObject_GetAttr(name, a_entries);
            if (entries == NULL) {
                Py_XDECREF(name);
                goto done;
            }
            int err = 0;
            if (PyList_Check(entries)) {
                long reps = count == NULL ? 0 : PyLong_AsLong(count);
                err = reps == -1 && PyErr_Occurred() ? -1
                                                     : resolve_c(sig, lead, name, entries, context, bonus, crossing,
                                                                 reps >= 2, zipf, &r);
            }
            Py_DECREF(entries);
            Py_DECREF(name);
            if (err < 0)
                goto done;
        }
        if (r == NULL) {
            PyObject *fr = must_get(free, sig, "resolve: a signature has no evaluation");
            if (fr == NULL)
                goto done;
            NEED_CTX();
            r = PyObject_CallFunctionObjArgs(resolve_sig_fn, ctx, sig, lead, fr, in == NULL ? s_empty : in, NULL);
        }
        if (set_steal(resolved, sig, r) < 0)
            goto done;
    }
    result = PyTuple_Pack(2, kept, resolved);
#undef NEED_CTX
done:
    Py_XDECREF(first);
    Py_XDECREF(repeats);
    Py_XDECREF(free);
    Py_XDECREF(context);
    Py_XDECREF(bonus);
    Py_XDECREF(resolved);
    Py_XDECREF(kept);
    Py_XDECREF(name_parts);
    Py_XDECREF(ctx);
    Py_XDECREF(within);
    return result;
}

static PyMethodDef methods[] = {
    {"setup", py_setup, METH_VARARGS,
     "setup(upper, connectors, eponyms, titles, nothing, analyse, sig_of, mention_type)"},
    {"runs", py_runs, METH_O, "runs(text) -> [(start, end)] of the runs of capitalised words (places._SEQ)"},
    {"candidates", py_candidates, METH_VARARGS, "candidates(text, gaz, memo) -> as places._candidates_py"},
    {"setup_resolve", py_setup_resolve, METH_VARARGS,
     "setup_resolve(free, speaks, check, neighbour_bonus, ctx_type, within_pairs, resolve_sig, lone_confidence, "
     "min_score, lone_confidence_value, far_apart)"},
    {"resolve", py_resolve, METH_VARARGS, "resolve(text, cands, zipf) -> (cands kept, resolved), as places._resolve_py"},
    {"mentions", py_mentions, METH_VARARGS, "mentions(cands, resolved, sentences, article_id) -> [Mention]"},
    {NULL, NULL, 0, NULL},
};

static struct PyModuleDef module = {
    PyModuleDef_HEAD_INIT, "bordermap._speedups", "Compiled hot path of bordermap.places.", -1, methods,
};

PyMODINIT_FUNC PyInit__speedups(void)
{
    empty_tuple = PyTuple_New(0);
    str_lower = PyUnicode_InternFromString("lower");
    k_text = PyUnicode_InternFromString("text");
    k_start = PyUnicode_InternFromString("start");
    k_end = PyUnicode_InternFromString("end");
    k_sentences = PyUnicode_InternFromString("_sentences");
    k_place = PyUnicode_InternFromString("place");
    k_confidence = PyUnicode_InternFromString("confidence");
    k_alternatives = PyUnicode_InternFromString("alternatives");
    k_article_id = PyUnicode_InternFromString("article_id");
    a_name = PyUnicode_InternFromString("name");
    a_crossings = PyUnicode_InternFromString("crossings");
    a_free = PyUnicode_InternFromString("free");
    a_key = PyUnicode_InternFromString("key");
    a_in_name = PyUnicode_InternFromString("in_name");
    a_entries = PyUnicode_InternFromString("entries");
    a_checked = PyUnicode_InternFromString("checked");
    a_resolved = PyUnicode_InternFromString("resolved");
    a_country = PyUnicode_InternFromString("country");
    a_kind = PyUnicode_InternFromString("kind");
    a_countries = PyUnicode_InternFromString("countries");
    a__resolved = PyUnicode_InternFromString("_resolved");
    a_note = PyUnicode_InternFromString("note");
    a__far_rival = PyUnicode_InternFromString("_far_rival");
    s_crossing = PyUnicode_InternFromString("crossing");
    s_empty = PyUnicode_InternFromString("");
    if (!a_name || !a_crossings || !a_free || !a_key || !a_in_name || !a_entries || !a_checked || !a_resolved ||
        !a_country || !a_countries || !a__resolved || !a__far_rival || !a_note || !a_kind || !s_crossing || !s_empty)
        return NULL;
    if (!empty_tuple || !str_lower || !k_text || !k_start || !k_end || !k_sentences || !k_place ||
        !k_confidence || !k_alternatives || !k_article_id)
        return NULL;
    return PyModule_Create(&module);
}
