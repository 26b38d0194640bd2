/* The char_wb columns of the words met so far in a batch. */
#include "speedups.h"




void
word_cache_free(WordCache *cache)
{
    PyMem_RawFree(cache->slots);
    PyMem_RawFree(cache->words);
    PyMem_RawFree(cache->columns.data);
    memset(cache, 0, sizeof(*cache));
}

int
word_cache_clear(WordCache *cache, uint64_t capacity)
{
    if (cache->slots == NULL || capacity != cache->mask + 1) {
        CachedWord *slots = PyMem_RawRealloc(cache->slots, capacity * sizeof(CachedWord));
        if (slots == NULL)
            return -1;
        cache->slots = slots;
        cache->mask = capacity - 1;
    }
    for (uint64_t i = 0; i < capacity; i++)
        cache->slots[i].count = -1;
    cache->used = 0;
    cache->words_size = 0;
    cache->columns.size = 0;
    return 0;
}

CachedWord *
word_cache_slot(WordCache *cache, const Py_UCS4 *word, Py_ssize_t length, uint64_t h)
{
    for (uint64_t i = h & cache->mask;; i = (i + 1) & cache->mask) {
        CachedWord *slot = &cache->slots[i];
        if (slot->count < 0)
            return slot;
        if (slot->hash == h && slot->length == length &&
            memcmp(cache->words + slot->chars, word, (size_t)length * sizeof(Py_UCS4)) == 0)
            return slot;
    }
}

/* Remembers a word with the columns found[start:]; 0 on success, -1 out of memory. */
int
word_cache_add(WordCache *cache, const Py_UCS4 *word, Py_ssize_t length, uint64_t h,
               const IntBuffer *found, Py_ssize_t start)
{
    if (cache->used >= WORD_CACHE_WORDS) {
        if (word_cache_clear(cache, cache->mask + 1) < 0)
            return -1;
    }
    else if (2 * (uint64_t)(cache->used + 1) > cache->mask + 1) {
        /* Grow: rehash every remembered word into a table twice the size. */
        uint64_t capacity = 2 * (cache->mask + 1);
        CachedWord *old = cache->slots;
        uint64_t old_capacity = cache->mask + 1;
        CachedWord *slots = PyMem_RawMalloc(capacity * sizeof(CachedWord));
        if (slots == NULL)
            return -1;
        for (uint64_t i = 0; i < capacity; i++)
            slots[i].count = -1;
        cache->slots = slots;
        cache->mask = capacity - 1;
        for (uint64_t i = 0; i < old_capacity; i++) {
            if (old[i].count < 0)
                continue;
            uint64_t k = old[i].hash & cache->mask;
            while (slots[k].count >= 0)
                k = (k + 1) & cache->mask;
            slots[k] = old[i];
        }
        PyMem_RawFree(old);
    }
    if (cache->words_size + length > cache->words_capacity) {
        Py_ssize_t wanted = cache->words_capacity ? cache->words_capacity : 4096;
        while (wanted < cache->words_size + length)
            wanted *= 2;
        Py_UCS4 *grown = PyMem_RawRealloc(cache->words, (size_t)wanted * sizeof(Py_UCS4));
        if (grown == NULL)
            return -1;
        cache->words = grown;
        cache->words_capacity = wanted;
    }
    CachedWord *slot = word_cache_slot(cache, word, length, h);
    slot->hash = h;
    slot->chars = cache->words_size;
    slot->length = length;
    slot->columns = cache->columns.size;
    slot->count = found->size - start;
    memcpy(cache->words + cache->words_size, word, (size_t)length * sizeof(Py_UCS4));
    cache->words_size += length;
    for (Py_ssize_t i = start; i < found->size; i++)
        if (ints_push(&cache->columns, found->data[i]) < 0)
            return -1;
    cache->used++;
    return 0;
}

