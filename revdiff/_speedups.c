/*
 * revdiff._speedups: the per-token loops of comparing two long texts, in C.
 *
 * An optional speed-up: setup.py builds it where a C compiler is found, and
 * without it revdiff runs the Python it stands for, which gives the same
 * results; tests/test_speedups.py compares the two on random inputs and on
 * every code point:
 *
 *   the token rule (revdiff.tokenize._TOKEN, _LINE and the long-line cuts):
 *   split_lines      tokenize._pieces of tokenize._LINE.findall, each counted
 *   split_words      tokenize.split_words
 *   chars_at         model.LineTokens.chars_at
 *   common_tokens    the common ends of two stretches of lines (align._common_ends)
 *
 *   generic algorithms, no tokens in them:
 *   unique_pairs     align._unique_pairs
 *   longest_increasing, runs   align._longest_increasing, align._runs
 *
 * When it is built, the token rule here is the only one revdiff uses: the
 * counts, the offsets and the token strings of a text all come from it, never
 * some from here and some from the regex.
 */
#define PY_SSIZE_T_CLEAN
#include <Python.h>

/* ---- The token rule -------------------------------------------------------
 *
 * The rule of revdiff.tokenize._TOKEN, whose alternatives are, in order:
 *
 *   W+ (?: J W+ )* \s*      a word: word characters, joined by J inside
 *   P M* \s*                one punctuation mark and its combining marks
 *   \s+                     white space (only where a text starts so)
 *
 * with M a combining mark (tokenize.MARKS), W a word character (re's \w, that
 * is Py_UNICODE_ISALNUM or the underscore, or M), J a joiner (tokenize.JOINERS),
 * \s white space (re's \s, Py_UNICODE_ISSPACE) and P anything else. Every
 * character is W, \s or P, so every position starts a token.
 *
 * The marks, the joiners and the long-line numbers are not written here: the
 * tokenizer gives them once, at import (configure), from the definitions its
 * regexes are made of. Until then the functions that tokenize refuse to run.
 */

enum { WORD = 1, SPACE = 2, JOINER = 4, MARK = 8 };

#define MAX_RANGES 64
#define MAX_JOINERS 32

static struct {
    int configured;
    Py_ssize_t long_line, cut_every;
    Py_ssize_t n_marks, n_joiners;
    Py_UCS4 marks[MAX_RANGES][2], joiners[MAX_JOINERS];
    unsigned char bmp[0x10000]; /* the class of each code point of the first plane */
} rule;

/* The class of a code point, worked out (the table holds it for the first plane). */
static unsigned char
class_worked_out(Py_UCS4 c)
{
    unsigned char found = 0;
    for (Py_ssize_t k = 0; k < rule.n_marks; k++)
        if (c >= rule.marks[k][0] && c <= rule.marks[k][1])
            found |= MARK | WORD;
    for (Py_ssize_t k = 0; k < rule.n_joiners; k++)
        if (c == rule.joiners[k])
            found |= JOINER;
    if (Py_UNICODE_ISALNUM(c) || c == '_')
        found |= WORD;
    if (Py_UNICODE_ISSPACE(c))
        found |= SPACE;
    return found;
}

static inline unsigned char
class_of(Py_UCS4 c)
{
    return c < 0x10000 ? rule.bmp[c] : class_worked_out(c);
}

#define IS(c, kind) (class_of(c) & (kind))

PyDoc_STRVAR(configure_doc,
             "configure(marks, joiners, long_line, cut_every, /)\n--\n\n"
             "The token rule's parts, as revdiff.tokenize defines them: the combining marks "
             "(a sequence of (first, last) code points), the joiners (a str), and the "
             "long-line numbers (tokenize.LONG_LINE, tokenize.CUT_EVERY).");

static PyObject *
configure(PyObject *module, PyObject *const *args, Py_ssize_t nargs)
{
    if (nargs != 4 || !PyUnicode_Check(args[1])) {
        PyErr_SetString(PyExc_TypeError, "configure() takes marks, joiners (str), long_line and "
                                         "cut_every");
        return NULL;
    }
    PyObject *marks = PySequence_Fast(args[0], "configure() takes a sequence of mark ranges");
    if (marks == NULL)
        return NULL;
    Py_ssize_t n_marks = PySequence_Fast_GET_SIZE(marks), n_joiners = PyUnicode_GET_LENGTH(args[1]);
    Py_ssize_t long_line = PyLong_AsSsize_t(args[2]), cut_every = PyLong_AsSsize_t(args[3]);
    if (PyErr_Occurred() || n_marks > MAX_RANGES || n_joiners > MAX_JOINERS || long_line < 0 ||
        cut_every <= 0 || cut_every > 0x10000 || (cut_every & (cut_every - 1))) {
        /* cut_every a power of two: the sums of code points may wrap (see split_lines) */
        if (!PyErr_Occurred())
            PyErr_SetString(PyExc_ValueError, "configure(): too many marks or joiners, or a "
                                              "cut_every that is not a power of two");
        Py_DECREF(marks);
        return NULL;
    }
    Py_UCS4 ranges[MAX_RANGES][2];
    for (Py_ssize_t k = 0; k < n_marks; k++) {
        Py_ssize_t first, last;
        PyObject *range = PySequence_Fast_GET_ITEM(marks, k);
        if (!PyArg_ParseTuple(range, "nn", &first, &last) || first < 0 || first > last ||
            last > 0x10FFFF) {
            if (!PyErr_Occurred())
                PyErr_SetString(PyExc_ValueError, "configure(): a mark range is (first, last)");
            Py_DECREF(marks);
            return NULL; /* refused: the rule stays as it was */
        }
        ranges[k][0] = (Py_UCS4)first, ranges[k][1] = (Py_UCS4)last;
    }
    Py_DECREF(marks);
    memcpy(rule.marks, ranges, sizeof(ranges[0]) * (size_t)n_marks);
    for (Py_ssize_t k = 0; k < n_joiners; k++)
        rule.joiners[k] = PyUnicode_READ_CHAR(args[1], k);
    rule.n_marks = n_marks, rule.n_joiners = n_joiners;
    rule.long_line = long_line, rule.cut_every = cut_every;
    for (Py_UCS4 c = 0; c < 0x10000; c++)
        rule.bmp[c] = class_worked_out(c);
    rule.configured = 1;
    Py_RETURN_NONE;
}

static int
check_configured(void)
{
    if (rule.configured)
        return 0;
    PyErr_SetString(PyExc_RuntimeError, "revdiff._speedups has no token rule yet "
                                        "(revdiff.tokenize gives it on import)");
    return -1;
}

/* Whether a function of the rule may tokenize text: a str, the rule given; -1 if not. */
static int
check_text(PyObject *text, const char *function)
{
    if (!PyUnicode_Check(text)) {
        PyErr_Format(PyExc_TypeError, "%s() takes a str", function);
        return -1;
    }
    return check_configured();
}

/* A line's characters, read whatever their width. */
typedef struct {
    int kind;
    const void *data;
    Py_ssize_t size;
} Text;

static Text
text_of(PyObject *line)
{
    Text t = {PyUnicode_KIND(line), PyUnicode_DATA(line), PyUnicode_GET_LENGTH(line)};
    return t;
}

#define AT(t, k) PyUnicode_READ((t).kind, (t).data, (k))

/* Where the white space from i ends. */
static Py_ssize_t
skip_space(Text t, Py_ssize_t i)
{
    while (i < t.size && IS(AT(t, i), SPACE))
        i++;
    return i;
}

/* The token that starts at i: returns where the next one starts, and sets
   *visible to where its visible part ends (its white space follows). */
static Py_ssize_t
next_token(Text t, Py_ssize_t i, Py_ssize_t *visible)
{
    Py_ssize_t n = t.size;
    unsigned char first = class_of(AT(t, i));
    if (first & WORD) {
        for (i++; i < n && IS(AT(t, i), WORD); i++)
            ;
        while (i + 1 < n && IS(AT(t, i), JOINER) && IS(AT(t, i + 1), WORD))
            for (i += 2; i < n && IS(AT(t, i), WORD); i++)
                ;
    }
    else if (first & SPACE) {
        *visible = i; /* white space alone is the whole token */
        return skip_space(t, i + 1);
    }
    else {
        for (i++; i < n && IS(AT(t, i), MARK); i++)
            ;
    }
    *visible = i;
    return skip_space(t, i);
}

/* Where the first token of a text ends (its leading white space is part of
   it): the start of the second, or the text's end. */
static Py_ssize_t
first_token(Text t, Py_ssize_t *visible)
{
    Py_ssize_t at = skip_space(t, 0);
    if (at == t.size) {
        *visible = 0;
        return at;
    }
    return next_token(t, at, visible);
}

/* ---- Tokenizing: the rule's users ---------------------------------------- */

/* Add text[start:end] and its count of tokens to the lists; -1 on error. */
static int
add_piece(PyObject *text, Py_ssize_t start, Py_ssize_t end, Py_ssize_t count, PyObject *lines,
          PyObject *counts)
{
    PyObject *piece = PyUnicode_Substring(text, start, end), *number = PyLong_FromSsize_t(count);
    /* Hashed now, while its characters are at hand: the lines are matched by
       their hashes later, and a str keeps its hash. */
    int failed = piece == NULL || number == NULL || PyObject_Hash(piece) == -1 ||
                 PyList_Append(lines, piece) < 0 || PyList_Append(counts, number) < 0;
    Py_XDECREF(piece);
    Py_XDECREF(number);
    return failed ? -1 : 0;
}

PyDoc_STRVAR(split_lines_doc,
             "split_lines(text, /)\n--\n\n"
             "A text's lines as tokenize._pieces makes them (the lines of tokenize._LINE, a "
             "long one cut where its words say), and how many tokens each has (the text's "
             "leading white space belonging to its first token): (lines, counts), two lists "
             "(empty for a text of white space only).");

static PyObject *
split_lines(PyObject *module, PyObject *text)
{
    if (check_text(text, "split_lines") < 0)
        return NULL;
    Text t = text_of(text);
    Py_ssize_t n = t.size, start = 0, at = skip_space(t, 0), visible;
    PyObject *lines = PyList_New(0), *counts = PyList_New(0), *result = NULL;
    if (lines == NULL || counts == NULL)
        goto done;
    while (at < n) { /* at: a visible character, where a line goes on to its end */
        Py_ssize_t end = at, count = 0;
        while (end < n && AT(t, end) != '\n')
            end++;
        end = skip_space(t, end);
        Text line = t;
        line.size = end;
        int long_line = end - start > rule.long_line;
        for (Py_ssize_t i = at; i < end;) { /* from at: leading white space is no token */
            Py_ssize_t next = next_token(line, i, &visible);
            count++;
            if (long_line && visible > i && next < end) {
                /* The sum may wrap around: it is wanted modulo cut_every, a
                   power of two that divides 2 ** 32. */
                Py_UCS4 sum = 0;
                for (Py_ssize_t k = i; k < visible; k++)
                    sum += AT(t, k);
                if (sum % (Py_UCS4)rule.cut_every == 0) {
                    if (add_piece(text, start, next, count, lines, counts) < 0)
                        goto done;
                    start = next, count = 0;
                }
            }
            i = next;
        }
        if (add_piece(text, start, end, count, lines, counts) < 0)
            goto done;
        start = at = end;
    }
    result = PyTuple_Pack(2, lines, counts);
done:
    Py_XDECREF(lines);
    Py_XDECREF(counts);
    return result;
}

PyDoc_STRVAR(split_words_doc,
             "split_words(text, /)\n--\n\n"
             "The text's tokens, each with the white space after it, the text's leading white "
             "space with its first token (tokenize.split_words): a list of str, equal tokens "
             "one object.");

static PyObject *
split_words(PyObject *module, PyObject *text)
{
    if (check_text(text, "split_words") < 0)
        return NULL;
    Text t = text_of(text);
    PyObject *tokens = PyList_New(0), *shared = PyDict_New();
    Py_ssize_t visible;
    if (tokens == NULL || shared == NULL)
        goto failed;
    for (Py_ssize_t i = 0, next; i < t.size; i = next) {
        next = i ? next_token(t, i, &visible) : first_token(t, &visible);
        PyObject *token = PyUnicode_Substring(text, i, next);
        /* The first equal one seen stands for all (a novel has a million
           tokens and some tens of thousands of distinct ones). */
        PyObject *one = token == NULL ? NULL : PyDict_SetDefault(shared, token, token);
        int failed = one == NULL || PyList_Append(tokens, one) < 0;
        Py_XDECREF(token);
        if (failed)
            goto failed;
    }
    Py_DECREF(shared);
    return tokens;
failed:
    Py_XDECREF(tokens);
    Py_XDECREF(shared);
    return NULL;
}

/* One token of a stretch of lines: its line, where it starts, where its visible part ends. */
typedef struct {
    Py_ssize_t line, start, visible;
} Token;

/* The tokens of a list (or tuple) of lines, in *tokens (PyMem_Malloc'd, NULL
   on error); their number, or -1. A line's leading white space is part of its
   first token, so that token starts, as its visible part does, after it. */
static Py_ssize_t
tokens_of(PyObject *lines, Token **tokens)
{
    Py_ssize_t size = 0, room = 64;
    Token *found = PyMem_New(Token, room);
    if (found == NULL)
        goto no_memory;
    for (Py_ssize_t k = 0; k < PySequence_Fast_GET_SIZE(lines); k++) {
        PyObject *line = PySequence_Fast_GET_ITEM(lines, k);
        if (!PyUnicode_Check(line)) {
            PyErr_SetString(PyExc_TypeError, "common_tokens() takes two lists of str");
            goto failed;
        }
        Text t = text_of(line);
        for (Py_ssize_t i = skip_space(t, 0); i < t.size; size++) {
            if (size == room) {
                /* Into another pointer: PyMem_Resize sets the one it is given
                   to NULL when it fails, and the old block is still ours. */
                Token *more = found;
                PyMem_Resize(more, Token, room * 2);
                if (more == NULL)
                    goto no_memory;
                found = more, room *= 2;
            }
            found[size].line = k;
            found[size].start = i;
            i = next_token(t, i, &found[size].visible);
        }
    }
    *tokens = found;
    return size;
no_memory:
    PyErr_NoMemory();
failed:
    PyMem_Free(found);
    *tokens = NULL;
    return -1;
}

/* Whether two tokens have the same visible text (the same key, their white space aside). */
static int
same_token(PyObject *lines_a, Token x, PyObject *lines_b, Token y)
{
    Py_ssize_t length = x.visible - x.start;
    if (length != y.visible - y.start)
        return 0;
    Text a = text_of(PySequence_Fast_GET_ITEM(lines_a, x.line));
    Text b = text_of(PySequence_Fast_GET_ITEM(lines_b, y.line));
    for (Py_ssize_t i = 0; i < length; i++)
        if (AT(a, x.start + i) != AT(b, y.start + i))
            return 0;
    return 1;
}

PyDoc_STRVAR(common_tokens_doc,
             "common_tokens(lines_a, lines_b, /)\n--\n\n"
             "Two stretches of lines (lists or tuples of str) compared token by token on their "
             "visible text: (tokens in a, tokens in b, how many at the start are the same, how "
             "many at the end), the two runs never overlapping.");

static PyObject *
common_tokens(PyObject *module, PyObject *const *args, Py_ssize_t nargs)
{
    if (nargs != 2 || !(PyList_Check(args[0]) || PyTuple_Check(args[0])) ||
        !(PyList_Check(args[1]) || PyTuple_Check(args[1]))) {
        PyErr_SetString(PyExc_TypeError, "common_tokens() takes two lists of str");
        return NULL;
    }
    if (check_configured() < 0)
        return NULL;
    Token *a = NULL, *b = NULL;
    Py_ssize_t size_a = tokens_of(args[0], &a);
    if (size_a < 0)
        return NULL;
    Py_ssize_t size_b = tokens_of(args[1], &b);
    if (size_b < 0) {
        PyMem_Free(a);
        return NULL;
    }
    Py_ssize_t shorter = size_a < size_b ? size_a : size_b, prefix = 0, suffix = 0;
    while (prefix < shorter && same_token(args[0], a[prefix], args[1], b[prefix]))
        prefix++;
    while (suffix < shorter - prefix &&
           same_token(args[0], a[size_a - 1 - suffix], args[1], b[size_b - 1 - suffix]))
        suffix++;
    PyMem_Free(a);
    PyMem_Free(b);
    return Py_BuildValue("nnnn", size_a, size_b, prefix, suffix);
}

/* Where token ``to`` of a line starts, from where token ``from`` starts
   (``pos``; from 0, the line's start): its tokens as tokenize.split_line gives
   them, leading white space belonging to the first. */
static Py_ssize_t
advance(Text t, Py_ssize_t pos, Py_ssize_t from, Py_ssize_t to)
{
    Py_ssize_t visible;
    if (to <= 0)
        return 0;
    if (from <= 0) /* past the first token, its leading white space and all */
        pos = first_token(t, &visible), from = 1;
    for (; pos < t.size && from < to; from++)
        pos = next_token(t, pos, &visible);
    return pos;
}

/* Item k of a tuple of int (already checked to hold ints that fit). */
static Py_ssize_t
item(PyObject *tuple, Py_ssize_t k)
{
    return PyLong_AsSsize_t(PyTuple_GET_ITEM(tuple, k));
}

PyDoc_STRVAR(chars_at_doc,
             "chars_at(lines, starts, offsets, indices, /)\n--\n\n"
             "Where each token of ``indices`` starts in a text held as LineTokens holds it "
             "(its lines, the index of each line's first token, where each line starts; all "
             "tuples, the last two one longer than lines): LineTokens.chars_at in C.");

static PyObject *
chars_at(PyObject *module, PyObject *const *args, Py_ssize_t nargs)
{
    if (nargs != 4 || !PyTuple_Check(args[0]) || !PyTuple_Check(args[1]) ||
        !PyTuple_Check(args[2]) || PyTuple_GET_SIZE(args[1]) != PyTuple_GET_SIZE(args[0]) + 1 ||
        PyTuple_GET_SIZE(args[2]) != PyTuple_GET_SIZE(args[1])) {
        PyErr_SetString(PyExc_TypeError, "chars_at() takes lines, starts and offsets (tuples) "
                                         "and indices");
        return NULL;
    }
    if (check_configured() < 0)
        return NULL;
    PyObject *lines = args[0], *starts = args[1], *offsets = args[2], *result = NULL;
    Py_ssize_t count = PyTuple_GET_SIZE(lines);
    PyObject *indices = PySequence_Fast(args[3], "chars_at() takes a sequence of indices");
    if (indices == NULL)
        return NULL;
    Py_ssize_t size = PySequence_Fast_GET_SIZE(indices), last = -1, last_at = 0;
    Py_ssize_t total = item(starts, count), length = item(offsets, count);
    /* Where the last lookup ended: token here_index of line here_line starts at
       here_pos; a later index in the same line goes on from there (a diff's
       ends come in order), so that a line is scanned once, however long. */
    Py_ssize_t here_line = -1, here_index = 0, here_pos = 0;
    if (PyErr_Occurred() || (result = PyList_New(size)) == NULL)
        goto done;
    for (Py_ssize_t k = 0; k < size; k++) {
        Py_ssize_t index = PyLong_AsSsize_t(PySequence_Fast_GET_ITEM(indices, k));
        if (index == -1 && PyErr_Occurred()) {
            Py_CLEAR(result);
            goto done;
        }
        if (index != last) {
            last = index;
            if (index >= total)
                last_at = length;
            else {
                Py_ssize_t low = 0, high = count; /* the last line starting at or before index */
                while (high - low > 1) {
                    Py_ssize_t middle = (low + high) / 2;
                    if (item(starts, middle) <= index)
                        low = middle;
                    else
                        high = middle;
                }
                Py_ssize_t wanted = index - item(starts, low);
                Text line = text_of(PyTuple_GET_ITEM(lines, low));
                if (low != here_line || wanted < here_index)
                    here_line = low, here_index = 0, here_pos = 0;
                here_pos = advance(line, here_pos, here_index, wanted);
                here_index = wanted;
                last_at = item(offsets, low) + here_pos;
            }
        }
        PyObject *at = PyLong_FromSsize_t(last_at);
        if (at == NULL) {
            Py_CLEAR(result);
            goto done;
        }
        PyList_SET_ITEM(result, k, at);
    }
done:
    Py_DECREF(indices);
    return result;
}

/* ---- Generic algorithms: no tokens in them ------------------------------ */

/* Where each key of a sequence stands: an open-addressing table of the keys'
   hashes (str caches its own), the position of each, or -1 for a key that
   occurs more than once. Lighter than a dict of ints: nothing is allocated
   per key, and equal keys that are one object compare by identity. */
typedef struct {
    PyObject *key; /* borrowed from the sequence */
    Py_hash_t hash;
    Py_ssize_t position;
} Slot;

typedef struct {
    Slot *slots;
    size_t mask;
} Positions;

/* The slot of key: where it is, or the empty one where it would go; NULL on error. */
static Slot *
find(Positions *table, PyObject *key, Py_hash_t hash)
{
    for (size_t k = (size_t)hash & table->mask;; k = (k + 1) & table->mask) {
        Slot *slot = &table->slots[k];
        if (slot->key == NULL || slot->key == key)
            return slot;
        if (slot->hash == hash) {
            int equal = PyObject_RichCompareBool(slot->key, key, Py_EQ);
            if (equal < 0)
                return NULL;
            if (equal)
                return slot;
        }
    }
}

static int
positions(Positions *table, PyObject *seq)
{
    Py_ssize_t size = PySequence_Fast_GET_SIZE(seq);
    PyObject **items = PySequence_Fast_ITEMS(seq);
    size_t room = 8;
    while (room < (size_t)size * 2)
        room *= 2;
    table->slots = PyMem_Calloc(room, sizeof(Slot));
    table->mask = room - 1;
    if (table->slots == NULL) {
        PyErr_NoMemory();
        return -1;
    }
    for (Py_ssize_t i = 0; i < size; i++) {
        Py_hash_t hash = PyObject_Hash(items[i]);
        Slot *slot = hash == -1 ? NULL : find(table, items[i], hash);
        if (slot == NULL)
            return -1;
        if (slot->key == NULL) {
            slot->key = items[i];
            slot->hash = hash;
            slot->position = i;
        }
        else
            slot->position = -1;
    }
    return 0;
}

/* The position of key in the table (-1: more than once, -2: not there, -3: error). */
static Py_ssize_t
position(Positions *table, PyObject *key)
{
    Py_hash_t hash = PyObject_Hash(key);
    Slot *slot = hash == -1 ? NULL : find(table, key, hash);
    return slot == NULL ? -3 : slot->key == NULL ? -2 : slot->position;
}

PyDoc_STRVAR(unique_pairs_doc,
             "unique_pairs(a, b, /)\n--\n\n"
             "The keys unique to both sequences: where each stands in a, and where in b, in a's "
             "order (two lists of int).");

static PyObject *
unique_pairs(PyObject *module, PyObject *const *args, Py_ssize_t nargs)
{
    if (nargs != 2) {
        PyErr_SetString(PyExc_TypeError, "unique_pairs() takes two sequences");
        return NULL;
    }
    PyObject *a = NULL, *b = NULL, *in_a = NULL, *in_b = NULL, *result = NULL;
    Positions where_a = {NULL, 0}, where_b = {NULL, 0};
    if ((a = PySequence_Fast(args[0], "unique_pairs() takes two sequences")) == NULL ||
        (b = PySequence_Fast(args[1], "unique_pairs() takes two sequences")) == NULL ||
        positions(&where_a, a) < 0 || positions(&where_b, b) < 0 ||
        (in_a = PyList_New(0)) == NULL || (in_b = PyList_New(0)) == NULL)
        goto done;
    Py_ssize_t size = PySequence_Fast_GET_SIZE(a);
    PyObject **items = PySequence_Fast_ITEMS(a);
    for (Py_ssize_t i = 0; i < size; i++) {
        Py_ssize_t at = position(&where_a, items[i]), j;
        if (at == -3)
            goto done;
        if (at != i)
            continue; /* more than once in a */
        if ((j = position(&where_b, items[i])) == -3)
            goto done;
        if (j < 0)
            continue; /* not in b, or more than once */
        PyObject *i_obj = PyLong_FromSsize_t(i), *j_obj = PyLong_FromSsize_t(j);
        int failed = i_obj == NULL || j_obj == NULL || PyList_Append(in_a, i_obj) < 0 ||
                     PyList_Append(in_b, j_obj) < 0;
        Py_XDECREF(i_obj);
        Py_XDECREF(j_obj);
        if (failed)
            goto done;
    }
    result = PyTuple_Pack(2, in_a, in_b);
done:
    PyMem_Free(where_a.slots);
    PyMem_Free(where_b.slots);
    Py_XDECREF(a);
    Py_XDECREF(b);
    Py_XDECREF(in_a);
    Py_XDECREF(in_b);
    return result;
}

PyDoc_STRVAR(longest_increasing_doc,
             "longest_increasing(values, /)\n--\n\n"
             "Indices of a longest strictly increasing subsequence of distinct ints (patience "
             "sorting; the same one as align._longest_increasing).");

static PyObject *
longest_increasing(PyObject *module, PyObject *arg)
{
    PyObject *seq = PySequence_Fast(arg, "longest_increasing() takes a sequence of int");
    if (seq == NULL)
        return NULL;
    Py_ssize_t size = PySequence_Fast_GET_SIZE(seq), length = 0;
    PyObject **items = PySequence_Fast_ITEMS(seq);
    PyObject *run = NULL;
    /* tails[k]: the smallest last value of a run of k + 1; at[k]: its index. */
    Py_ssize_t *values = PyMem_New(Py_ssize_t, size + 1), *tails = PyMem_New(Py_ssize_t, size + 1),
               *at = PyMem_New(Py_ssize_t, size + 1), *previous = PyMem_New(Py_ssize_t, size + 1);
    if (values == NULL || tails == NULL || at == NULL || previous == NULL) {
        PyErr_NoMemory();
        goto done;
    }
    for (Py_ssize_t i = 0; i < size; i++) {
        values[i] = PyLong_AsSsize_t(items[i]);
        if (values[i] == -1 && PyErr_Occurred())
            goto done;
    }
    for (Py_ssize_t i = 0; i < size; i++) {
        Py_ssize_t value = values[i], low = 0, high = length;
        while (low < high) { /* bisect_left */
            Py_ssize_t middle = (low + high) / 2;
            if (tails[middle] < value)
                low = middle + 1;
            else
                high = middle;
        }
        tails[low] = value;
        at[low] = i;
        previous[i] = low ? at[low - 1] : -1;
        if (low == length)
            length++;
    }
    if ((run = PyList_New(length)) == NULL)
        goto done;
    for (Py_ssize_t k = length - 1, i = length ? at[length - 1] : -1; k >= 0; k--, i = previous[i]) {
        PyObject *index = PyLong_FromSsize_t(i);
        if (index == NULL) {
            Py_CLEAR(run);
            goto done;
        }
        PyList_SET_ITEM(run, k, index);
    }
done:
    PyMem_Free(values);
    PyMem_Free(tails);
    PyMem_Free(at);
    PyMem_Free(previous);
    Py_DECREF(seq);
    return run;
}

PyDoc_STRVAR(runs_doc,
             "runs(starts_a, starts_b, /)\n--\n\n"
             "Matched single keys (a[starts_a[k]] with b[starts_b[k]]) joined into blocks "
             "(i, j, n) where they follow each other on both sides: align._runs in C.");

static PyObject *
runs(PyObject *module, PyObject *const *args, Py_ssize_t nargs)
{
    if (nargs != 2 || !PyList_Check(args[0]) || !PyList_Check(args[1]) ||
        PyList_GET_SIZE(args[0]) != PyList_GET_SIZE(args[1])) {
        PyErr_SetString(PyExc_TypeError, "runs() takes two lists of int of one length");
        return NULL;
    }
    PyObject *blocks = PyList_New(0);
    Py_ssize_t size = PyList_GET_SIZE(args[0]), first = 0, i0 = 0, j0 = 0, pi = 0, pj = 0;
    for (Py_ssize_t k = 0; blocks != NULL && k <= size; k++) {
        Py_ssize_t i = 0, j = 0;
        if (k < size) {
            i = PyLong_AsSsize_t(PyList_GET_ITEM(args[0], k));
            j = PyLong_AsSsize_t(PyList_GET_ITEM(args[1], k));
            if ((i == -1 || j == -1) && PyErr_Occurred()) {
                Py_CLEAR(blocks);
                break;
            }
            if (k > 0 && i == pi + 1 && j == pj + 1) { /* it follows on both sides */
                pi = i, pj = j;
                continue;
            }
        }
        if (k > 0) {
            PyObject *block = Py_BuildValue("(nnn)", i0, j0, k - first);
            if (block == NULL || PyList_Append(blocks, block) < 0)
                Py_CLEAR(blocks);
            Py_XDECREF(block);
        }
        first = k, i0 = pi = i, j0 = pj = j;
    }
    return blocks;
}


/* ========================================================================
 * revdiff.align's loops (kept apart from the tokenizer's above, token_codes
 * a user of its rule; each one has
 * its Python in revdiff/align.py, and tests/test_align.py holds the
 * two the same):
 *
 *   token_codes      align._token_codes: "".join(map(code, keys)) for the
 *                    tokens of stretches of a plain text
 *   unique_codes     align._unique_pairs of two strs of code points
 * ======================================================================== */

PyDoc_STRVAR(token_codes_doc,
             "token_codes(text, bounds, code, /)\n--\n\n"
             "For each stretch text[bounds[2k]:bounds[2k + 1]] (each starting where a token "
             "does, or at white space that starts the text), the code of each of its tokens "
             "(code[key], its key the token's visible characters, as str.strip leaves them), "
             "joined: a list of str, one a stretch. code is a dict (or subclass: a key it "
             "lacks is looked up with its __missing__) of one-character strs.");

static PyObject *
token_codes(PyObject *module, PyObject *const *args, Py_ssize_t nargs)
{
    if (nargs != 3 || !PyUnicode_Check(args[0]) || !PyDict_Check(args[2])) {
        PyErr_SetString(PyExc_TypeError, "token_codes() takes a str, bounds and a dict");
        return NULL;
    }
    if (check_configured() < 0)
        return NULL;
    PyObject *text = args[0], *code = args[2], *result = NULL;
    PyObject *bounds = PySequence_Fast(args[1], "token_codes() takes a sequence of bounds");
    if (bounds == NULL)
        return NULL;
    Text t = text_of(text);
    Py_ssize_t size = PySequence_Fast_GET_SIZE(bounds), capacity = 0;
    Py_UCS4 *buffer = NULL;
    if (size % 2) {
        PyErr_SetString(PyExc_ValueError, "token_codes() takes (start, end) pairs of bounds");
        goto done;
    }
    if ((result = PyList_New(size / 2)) == NULL)
        goto done;
    for (Py_ssize_t k = 0; k < size; k += 2) {
        Py_ssize_t start = PyLong_AsSsize_t(PySequence_Fast_GET_ITEM(bounds, k));
        Py_ssize_t end = PyLong_AsSsize_t(PySequence_Fast_GET_ITEM(bounds, k + 1));
        if (PyErr_Occurred())
            goto failed;
        if (start < 0 || end < start || end > t.size) {
            PyErr_SetString(PyExc_ValueError, "token_codes(): bounds out of the text");
            goto failed;
        }
        if (end - start > capacity) { /* a token has at least one character */
            PyMem_Free(buffer);
            capacity = end - start;
            if ((buffer = PyMem_New(Py_UCS4, capacity)) == NULL) {
                PyErr_NoMemory();
                goto failed;
            }
        }
        Text stretch = t;
        stretch.size = end; /* its last token ends there */
        Py_ssize_t i = start, count = 0, visible;
        i = skip_space(stretch, i); /* the text's leading white space */
        while (i < end) {
            Py_ssize_t next = next_token(stretch, i, &visible);
            PyObject *key = PyUnicode_Substring(text, i, visible), *value;
            if (key == NULL)
                goto failed;
            value = PyDict_GetItemWithError(code, key); /* borrowed */
            if (value != NULL)
                Py_INCREF(value);
            else if (!PyErr_Occurred())
                value = PyObject_GetItem(code, key); /* a subclass's __missing__ */
            Py_DECREF(key);
            if (value == NULL)
                goto failed;
            if (!PyUnicode_Check(value) || PyUnicode_GET_LENGTH(value) != 1) {
                Py_DECREF(value);
                PyErr_SetString(PyExc_ValueError, "token_codes(): a code is one character");
                goto failed;
            }
            buffer[count++] = PyUnicode_READ_CHAR(value, 0);
            Py_DECREF(value);
            i = next;
        }
        PyObject *codes = PyUnicode_FromKindAndData(PyUnicode_4BYTE_KIND, buffer, count);
        if (codes == NULL)
            goto failed;
        PyList_SET_ITEM(result, k / 2, codes);
    }
    goto done;
failed:
    Py_CLEAR(result);
done:
    PyMem_Free(buffer);
    Py_DECREF(bounds);
    return result;
}

PyDoc_STRVAR(unique_codes_doc,
             "unique_codes(a, b, /)\n--\n\n"
             "unique_pairs for two strs, a character a key (the code points align gives keys): "
             "where each character unique to both stands in a, and where in b, in a's order. "
             "Counted in two tables indexed by code point, not hashed.");

static PyObject *
unique_codes(PyObject *module, PyObject *const *args, Py_ssize_t nargs)
{
    if (nargs != 2 || !PyUnicode_Check(args[0]) || !PyUnicode_Check(args[1])) {
        PyErr_SetString(PyExc_TypeError, "unique_codes() takes two strs");
        return NULL;
    }
    Text a = text_of(args[0]), b = text_of(args[1]);
    Py_UCS4 top = 0;
    for (Py_ssize_t i = 0; i < a.size; i++)
        if (AT(a, i) > top)
            top = AT(a, i);
    for (Py_ssize_t j = 0; j < b.size; j++)
        if (AT(b, j) > top)
            top = AT(b, j);
    /* Where each code point stands: -2 nowhere, -1 more than once. */
    Py_ssize_t *where_a = PyMem_New(Py_ssize_t, (size_t)top + 1);
    Py_ssize_t *where_b = PyMem_New(Py_ssize_t, (size_t)top + 1);
    PyObject *in_a = NULL, *in_b = NULL, *result = NULL;
    if (where_a == NULL || where_b == NULL) {
        PyErr_NoMemory();
        goto done;
    }
    for (Py_UCS4 c = 0; c <= top; c++)
        where_a[c] = where_b[c] = -2;
    for (Py_ssize_t i = 0; i < a.size; i++) {
        Py_UCS4 c = AT(a, i);
        where_a[c] = where_a[c] == -2 ? i : -1;
    }
    for (Py_ssize_t j = 0; j < b.size; j++) {
        Py_UCS4 c = AT(b, j);
        where_b[c] = where_b[c] == -2 ? j : -1;
    }
    if ((in_a = PyList_New(0)) == NULL || (in_b = PyList_New(0)) == NULL)
        goto done;
    for (Py_ssize_t i = 0; i < a.size; i++) {
        Py_UCS4 c = AT(a, i);
        if (where_a[c] != i || where_b[c] < 0)
            continue;
        PyObject *i_obj = PyLong_FromSsize_t(i), *j_obj = PyLong_FromSsize_t(where_b[c]);
        int failed = i_obj == NULL || j_obj == NULL || PyList_Append(in_a, i_obj) < 0 ||
                     PyList_Append(in_b, j_obj) < 0;
        Py_XDECREF(i_obj);
        Py_XDECREF(j_obj);
        if (failed)
            goto done;
    }
    result = PyTuple_Pack(2, in_a, in_b);
done:
    PyMem_Free(where_a);
    PyMem_Free(where_b);
    Py_XDECREF(in_a);
    Py_XDECREF(in_b);
    return result;
}

/* ======================================================================== */

static PyMethodDef methods[] = {
    {"configure", (PyCFunction)(void (*)(void))configure, METH_FASTCALL, configure_doc},
    {"split_lines", split_lines, METH_O, split_lines_doc},
    {"split_words", split_words, METH_O, split_words_doc},
    {"common_tokens", (PyCFunction)(void (*)(void))common_tokens, METH_FASTCALL, common_tokens_doc},
    {"chars_at", (PyCFunction)(void (*)(void))chars_at, METH_FASTCALL, chars_at_doc},
    {"unique_pairs", (PyCFunction)(void (*)(void))unique_pairs, METH_FASTCALL, unique_pairs_doc},
    {"longest_increasing", longest_increasing, METH_O, longest_increasing_doc},
    {"runs", (PyCFunction)(void (*)(void))runs, METH_FASTCALL, runs_doc},
    /* revdiff.align's */
    {"token_codes", (PyCFunction)(void (*)(void))token_codes, METH_FASTCALL, token_codes_doc},
    {"unique_codes", (PyCFunction)(void (*)(void))unique_codes, METH_FASTCALL, unique_codes_doc},
    {NULL, NULL, 0, NULL},
};

static struct PyModuleDef module = {
    PyModuleDef_HEAD_INIT,
    .m_name = "revdiff._speedups",
    .m_doc = "revdiff's token rule and the loops of comparing two long texts, in C: an optional "
             "speed-up of revdiff.tokenize and revdiff.align.",
    .m_size = 0,
    .m_methods = methods,
};

PyMODINIT_FUNC
PyInit__speedups(void)
{
    return PyModuleDef_Init(&module);
}
