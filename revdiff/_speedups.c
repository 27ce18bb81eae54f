/*
 * revdiff._speedups: the per-token loops of comparing two long texts, in C.
 *
 * An optional speed-up: setup.py builds it where a C compiler is found, and
 * without it revdiff runs the Python it stands for (tokenize._counts,
 * align._unique_pairs, align._longest_increasing), which gives the same
 * results; tests/test_speedups.py compares the two on random inputs.
 *
 * count_tokens must count exactly the tokens of revdiff.tokenize._TOKEN,
 * whose alternatives are, in order:
 *
 *   W++ (?: J W++ )*+ \s*+      a word: word characters, joined by J inside
 *   P M*+ \s*+                  one punctuation mark and its combining marks
 *   M++ \s*+                    (never chosen: marks are word characters)
 *   \s++                        white space (only where a text starts so)
 *
 * with W a word character (\w, or a combining mark M), J a joiner (an
 * apostrophe or a hyphen), \s white space as Python's str.isspace, and P
 * anything else. Every character is W, \s or P, so every position starts a
 * token and the count is the number of matches.
 */
#define PY_SSIZE_T_CLEAN
#include <Python.h>

static int
is_mark(Py_UCS4 c)
{
    return (c >= 0x0300 && c <= 0x036F) || (c >= 0x0483 && c <= 0x0489) ||
           (c >= 0x1AB0 && c <= 0x1AFF) || (c >= 0x1DC0 && c <= 0x1DFF) ||
           (c >= 0x20D0 && c <= 0x20FF) || (c >= 0xFE20 && c <= 0xFE2F);
}

static int
is_word(Py_UCS4 c)
{
    /* re's \w for str patterns: Py_UNICODE_ISALNUM or the underscore. The
       basic Latin and Cyrillic letters are answered without the Unicode
       tables (the same answer, a few times faster). */
    if (c < 0x80)
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
               c == '_';
    if (c >= 0x0410 && c <= 0x044F)
        return 1;
    return Py_UNICODE_ISALNUM(c) || is_mark(c);
}

static int
is_joiner(Py_UCS4 c)
{
    return c == '\'' || c == 0x2019 || c == 0x02BC || c == '-' || c == 0x2010 || c == 0x2011;
}

static Py_ssize_t
count_line(PyObject *line)
{
    int kind = PyUnicode_KIND(line);
    const void *data = PyUnicode_DATA(line);
    Py_ssize_t n = PyUnicode_GET_LENGTH(line), i = 0, count = 0;

#define AT(k) PyUnicode_READ(kind, data, (k))
    while (i < n) {
        Py_UCS4 c = AT(i);
        count++;
        if (is_word(c)) {
            for (i++; i < n && is_word(AT(i)); i++)
                ;
            while (i + 1 < n && is_joiner(AT(i)) && is_word(AT(i + 1)))
                for (i += 2; i < n && is_word(AT(i)); i++)
                    ;
        }
        else if (Py_UNICODE_ISSPACE(c)) {
            for (i++; i < n && Py_UNICODE_ISSPACE(AT(i)); i++)
                ;
            continue; /* white space alone is the whole token */
        }
        else {
            for (i++; i < n && is_mark(AT(i)); i++)
                ;
        }
        for (; i < n && Py_UNICODE_ISSPACE(AT(i)); i++)
            ;
    }
#undef AT
    return count;
}

PyDoc_STRVAR(count_tokens_doc,
             "count_tokens(lines, /)\n--\n\n"
             "How many tokens each of the lines (a list of str) has: len(_TOKEN.findall(line)).");

static PyObject *
count_tokens(PyObject *module, PyObject *lines)
{
    if (!PyList_Check(lines)) {
        PyErr_SetString(PyExc_TypeError, "count_tokens() takes a list of str");
        return NULL;
    }
    Py_ssize_t size = PyList_GET_SIZE(lines);
    PyObject *counts = PyList_New(size);
    if (counts == NULL)
        return NULL;
    for (Py_ssize_t k = 0; k < size; k++) {
        PyObject *line = PyList_GET_ITEM(lines, k);
        if (!PyUnicode_Check(line)) {
            Py_DECREF(counts);
            PyErr_SetString(PyExc_TypeError, "count_tokens() takes a list of str");
            return NULL;
        }
        PyObject *count = PyLong_FromSsize_t(count_line(line));
        if (count == NULL) {
            Py_DECREF(counts);
            return NULL;
        }
        PyList_SET_ITEM(counts, k, count);
    }
    return counts;
}

/* Each key's position in seq, or -1 where it occurs more than once. */
static PyObject *
positions(PyObject *seq)
{
    PyObject *found = PyDict_New();
    if (found == NULL)
        return NULL;
    PyObject *twice = PyLong_FromLong(-1);
    Py_ssize_t size = PySequence_Fast_GET_SIZE(seq);
    PyObject **items = PySequence_Fast_ITEMS(seq);
    for (Py_ssize_t i = 0; i < size && twice != NULL; i++) {
        int seen = PyDict_Contains(found, items[i]);
        PyObject *value = seen > 0 ? Py_NewRef(twice) : seen == 0 ? PyLong_FromSsize_t(i) : NULL;
        if (value == NULL || PyDict_SetItem(found, items[i], value) < 0) {
            Py_XDECREF(value);
            Py_CLEAR(found);
            break;
        }
        Py_DECREF(value);
    }
    Py_XDECREF(twice);
    if (twice == NULL)
        Py_CLEAR(found);
    return found;
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
    PyObject *a = NULL, *b = NULL, *in_a = NULL, *in_b = NULL, *where_a = NULL, *where_b = NULL;
    PyObject *result = NULL;
    if ((a = PySequence_Fast(args[0], "unique_pairs() takes two sequences")) == NULL ||
        (b = PySequence_Fast(args[1], "unique_pairs() takes two sequences")) == NULL ||
        (where_a = positions(a)) == NULL || (where_b = positions(b)) == NULL ||
        (in_a = PyList_New(0)) == NULL || (in_b = PyList_New(0)) == NULL)
        goto done;
    Py_ssize_t size = PySequence_Fast_GET_SIZE(a);
    PyObject **items = PySequence_Fast_ITEMS(a);
    for (Py_ssize_t i = 0; i < size; i++) {
        PyObject *at = PyDict_GetItemWithError(where_a, items[i]); /* borrowed */
        if (at == NULL || PyLong_AsSsize_t(at) != i)
            continue; /* twice in a (cannot be missing: a's own key) */
        PyObject *j = PyDict_GetItemWithError(where_b, items[i]);
        if (j == NULL) {
            if (PyErr_Occurred())
                goto done;
            continue;
        }
        if (PyLong_AsSsize_t(j) < 0)
            continue;
        PyObject *i_obj = PyLong_FromSsize_t(i);
        if (i_obj == NULL || PyList_Append(in_a, i_obj) < 0 || PyList_Append(in_b, j) < 0) {
            Py_XDECREF(i_obj);
            goto done;
        }
        Py_DECREF(i_obj);
    }
    if (!PyErr_Occurred())
        result = PyTuple_Pack(2, in_a, in_b);
done:
    Py_XDECREF(a);
    Py_XDECREF(b);
    Py_XDECREF(where_a);
    Py_XDECREF(where_b);
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

static PyMethodDef methods[] = {
    {"count_tokens", count_tokens, METH_O, count_tokens_doc},
    {"unique_pairs", (PyCFunction)(void (*)(void))unique_pairs, METH_FASTCALL, unique_pairs_doc},
    {"longest_increasing", longest_increasing, METH_O, longest_increasing_doc},
    {NULL, NULL, 0, NULL},
};

static struct PyModuleDef module = {
    PyModuleDef_HEAD_INIT,
    .m_name = "revdiff._speedups",
    .m_doc = "Counting tokens in C: an optional speed-up of revdiff.tokenize.",
    .m_size = 0,
    .m_methods = methods,
};

PyMODINIT_FUNC
PyInit__speedups(void)
{
    return PyModuleDef_Init(&module);
}
