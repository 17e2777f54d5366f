/* Terminal input as app keys (app/keys.h) and mouse events: the only
 * place that knows curses key codes. */
#ifndef SENDX_UI_INPUT_H
#define SENDX_UI_INPUT_H

enum input_type {
    INPUT_NONE, /* nothing more to read now */
    INPUT_KEY,
    INPUT_CLICK, /* y, x */
    INPUT_WHEEL, /* delta: -1 up, +1 down */
    INPUT_RESIZE,
    INPUT_PASTE, /* text: what the terminal marked as pasted */
};

struct input_event {
    enum input_type type;
    int key;
    int y, x;
    int delta;
    char *text; /* INPUT_PASTE: UTF-8, heap, the caller frees it */
};

/* Reads the next pending event without blocking (stdscr is in nodelay
 * mode); INPUT_NONE when the terminal has nothing more. A bracketed
 * paste (ESC [200~ ... ESC [201~) comes as INPUT_PASTE, in pieces if it
 * arrives in pieces: nothing in it is read as a key. */
struct input_event input_read(void);

#endif
