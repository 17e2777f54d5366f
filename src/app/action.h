/* Every user action, named once. Keys bind to these names (keymap.h), the
 * help overlay lists them, and the update logic (app.h) performs them,
 * so a binding, its help line and its behaviour cannot drift apart.
 * The names are what a configuration file rebinds. */
#ifndef SENDX_APP_ACTION_H
#define SENDX_APP_ACTION_H

/* X(ENUM, "name", "what it does, for the help overlay") */
#define ACTIONS(X)                                                                                 \
    X(QUIT, "app.quit", "Quit")                                                                    \
    X(BACK_OR_QUIT, "app.back_or_quit", "Go back; quit from the top level")                        \
    X(BACK, "view.back", "Go back, or clear the filter")                                           \
    X(REDRAW, "app.redraw", "Redraw the screen")                                                   \
    X(ROW_UP, "row.up", "Move up")                                                                 \
    X(ROW_DOWN, "row.down", "Move down")                                                           \
    X(ROW_FIRST, "row.first", "Go to the first row")                                               \
    X(ROW_LAST, "row.last", "Go to the last row and load the rest")                                \
    X(PAGE_UP, "page.up", "Page up")                                                               \
    X(PAGE_DOWN, "page.down", "Page down")                                                         \
    X(HALF_UP, "page.half_up", "Half a page up")                                                   \
    X(HALF_DOWN, "page.half_down", "Half a page down")                                             \
    X(PANE_NEXT, "pane.next", "Next pane")                                                         \
    X(PANE_PREV, "pane.prev", "Previous pane")                                                     \
    X(PANE_CONTACTS, "pane.contacts", "Contacts")                                                  \
    X(PANE_LISTS, "pane.lists", "Lists")                                                           \
    X(PANE_TAGS, "pane.tags", "Tags")                                                              \
    X(PANE_CAMPAIGNS, "pane.campaigns", "Campaigns")                                               \
    X(PANE_TEMPLATES, "pane.templates", "Templates")                                               \
    X(PANE_SENDERS, "pane.senders", "Senders")                                                     \
    X(PANE_FIELDS, "pane.fields", "Custom fields")                                                 \
    X(PANE_WEBHOOKS, "pane.webhooks", "Webhooks")                                                  \
    X(PANE_MEMBERS, "pane.members", "Team members")                                                \
    X(DETAIL_OPEN, "detail.open", "Open the selected record")                                      \
    X(DETAIL_CONTACTS, "detail.contacts", "Show the contacts of this list or tag")                 \
    X(DETAIL_EXPAND, "detail.expand", "Show long fields in full, or folded")                       \
    X(FILTER_START, "filter.start",                                                                \
      "Filter: words in any column, -word, column:value, tag:, list:, flags:")                     \
    X(COMMAND_START, "command.start", "Command mode (:contacts, :q, ...)")                         \
    X(HELP, "help.toggle", "This help")                                                            \
    X(REFRESH, "data.refresh", "Reload from the server")                                           \
    X(COPY_ID, "row.copy_id", "Copy the id to the clipboard (OSC 52)")                             \
    X(SORT_NEXT, "sort.next", "Sort by the next column")                                           \
    X(SORT_REVERSE, "sort.reverse", "Reverse the sort")                                            \
    X(CAMPAIGN_FILTER, "campaign.filter", "Campaigns: all, draft, scheduled, sent")                \
    X(PROMPT_ACCEPT, "prompt.accept", "Accept")                                                    \
    X(PROMPT_CANCEL, "prompt.cancel", "Cancel")                                                    \
    X(PROMPT_COMPLETE, "prompt.complete", "Complete the command")                                  \
    X(PROMPT_HISTORY_PREV, "prompt.history_prev", "Previous command")                              \
    X(PROMPT_HISTORY_NEXT, "prompt.history_next", "Next command")                                  \
    X(PROMPT_BACKSPACE, "prompt.backspace", "Delete the character before the cursor")              \
    X(PROMPT_DELETE_WORD, "prompt.delete_word", "Delete the word before the cursor")               \
    X(PROMPT_KILL_START, "prompt.kill_start", "Delete to the start of the line")                   \
    X(PROMPT_LEFT, "prompt.left", "Move the cursor left")                                          \
    X(PROMPT_RIGHT, "prompt.right", "Move the cursor right")                                       \
    X(PROMPT_HOME, "prompt.home", "Move to the start of the line")                                 \
    X(PROMPT_END, "prompt.end", "Move to the end of the line")                                     \
    X(PROMPT_DELETE, "prompt.delete", "Delete the character under the cursor")                     \
    X(PROMPT_KILL_END, "prompt.kill_end", "Delete to the end of the line")                         \
    X(RECORD_NEW, "record.new", "New record")                                                      \
    X(RECORD_EDIT, "record.edit", "Edit the record")                                               \
    X(RECORD_DELETE, "record.delete", "Delete the record")                                         \
    X(CONTACT_UNSUBSCRIBE, "contact.unsubscribe", "Unsubscribe the contact")                       \
    X(SEND_TEST, "record.send_test",                                                               \
      "Send a test of the template or campaign (:send-test ADDRESS)")                              \
    X(FORM_NEXT, "form.next", "Next field")                                                        \
    X(FORM_PREV, "form.prev", "Previous field")                                                    \
    X(FORM_ACTIVATE, "form.activate", "Open the picker or editor, flip the switch; next field")    \
    X(FORM_SAVE, "form.save", "Save")                                                              \
    X(FORM_CANCEL, "form.cancel", "Cancel (asks first when something changed)")                    \
    X(FORM_FROM_TEMPLATE, "form.from_template", "Campaign: copy the HTML of a template")           \
    X(PICKER_TOGGLE, "picker.toggle", "Mark or unmark")                                            \
    X(PICKER_ACCEPT, "picker.accept", "Accept the marked ones")                                    \
    X(PICKER_CANCEL, "picker.cancel", "Cancel")                                                    \
    X(CONFIRM_YES, "confirm.yes", "Yes")                                                           \
    X(CONFIRM_NO, "confirm.no", "No")                                                              \
    X(CONFIRM_OTHER, "confirm.other", "The third answer, where there is one (discard a draft)")    \
    X(DIFF_OVERWRITE, "diff.overwrite", "Overwrite with my values")                                \
    X(DIFF_THEIRS, "diff.theirs", "Take the server's values where both changed")                   \
    X(DIFF_BACK, "diff.back", "Back to the form")                                                  \
    X(FIND_START, "find.start", "Search the record as you type")                                   \
    X(FIND_NEXT, "find.next", "Next match of the search in the record")                            \
    X(FIND_PREV, "find.prev", "Previous match of the search in the record")                        \
    X(RECORD_NEXT, "detail.next", "Next record, without going back to the table")                  \
    X(RECORD_PREV, "detail.prev", "Previous record")                                               \
    X(COPY_FIELD, "detail.copy_field", "Copy the value of the field under the cursor")             \
    X(DETAIL_TEXT, "detail.text", "HTML as text: tags stripped, links listed")                     \
    X(COLUMNS_LEFT, "columns.left", "Scroll the columns left")                                     \
    X(COLUMNS_RIGHT, "columns.right", "Scroll the columns right")                                  \
    X(COLUMNS_CHOOSE, "columns.choose", "Choose the columns (:columns NAME,NAME,... or all)")      \
    X(SORT_BY, "sort.by", "Sort by a column (:sort COLUMN, -COLUMN reverses)")                     \
    X(CONTACTS_COUNT, "data.count", "Count the contacts of each list or tag (:count)")             \
    X(PANE_CONTACTS_OF, "pane.contacts_of", "The contacts of the list or tag last opened")         \
    X(PROFILE, "app.profile", "Switch to another team's profile (:profile NAME)")                  \
    X(THEME, "app.theme", "Switch the colour theme (:theme NAME)")

enum action {
    ACTION_NONE,
#define ACTION_ENUM(e, name, help) ACTION_##e,
    ACTIONS(ACTION_ENUM)
#undef ACTION_ENUM
        ACTION_COUNT
};

/* "row.down" for ACTION_ROW_DOWN; static strings. */
const char *action_name(enum action a);
const char *action_help(enum action a);

/* The action with that name, or ACTION_NONE. */
enum action action_by_name(const char *name);

#endif
