// editor.js -- the CodeMirror 6 editor: Python highlighting in the page's
// colours (custom properties, so one theme serves dark and light), the run
// key, and jumping to a line from a traceback.  The extensions are the
// parts of basicSetup a playground uses; leaving out completion popups,
// search and lint keeps the download small.
import { minimalSetup } from 'codemirror';
import {
  EditorView, keymap, lineNumbers, highlightActiveLine, highlightActiveLineGutter, dropCursor,
} from '@codemirror/view';
import { EditorState, Prec } from '@codemirror/state';
import {
  HighlightStyle, syntaxHighlighting, indentUnit, indentOnInput, bracketMatching,
  foldGutter, foldKeymap,
} from '@codemirror/language';
import { closeBrackets, closeBracketsKeymap } from '@codemirror/autocomplete';
import { python } from '@codemirror/lang-python';
import { tags as t } from '@lezer/highlight';

const colours = HighlightStyle.define([
  { tag: [t.keyword, t.controlKeyword, t.operatorKeyword, t.definitionKeyword, t.moduleKeyword], color: 'var(--s-kw)' },
  { tag: [t.string, t.special(t.string), t.regexp], color: 'var(--s-str)' },
  { tag: [t.number, t.integer, t.float], color: 'var(--s-num)' },
  { tag: [t.bool, t.null, t.self], color: 'var(--s-bool)' },
  { tag: t.comment, color: 'var(--s-com)', fontStyle: 'italic' },
  { tag: [t.function(t.variableName), t.function(t.propertyName)], color: 'var(--s-fn)' },
  { tag: [t.definition(t.variableName), t.definition(t.function(t.variableName))], color: 'var(--s-def)' },
  { tag: [t.className, t.definition(t.className)], color: 'var(--s-cls)' },
  { tag: [t.operator, t.punctuation, t.bracket], color: 'var(--s-op)' },
  { tag: t.invalid, color: 'var(--err)' },
]);

// Creates the editor in `parent`; onRun is called for Ctrl/Cmd-Enter.
export function createEditor(parent, doc, onRun, onChange) {
  const runKeys = Prec.highest(keymap.of([
    { key: 'Mod-Enter', run: () => { onRun(); return true; } },
  ]));
  const view = new EditorView({
    parent,
    state: EditorState.create({
      doc,
      extensions: [
        runKeys,
        minimalSetup,
        lineNumbers(),
        highlightActiveLineGutter(),
        foldGutter(),
        dropCursor(),
        EditorState.allowMultipleSelections.of(true),
        indentOnInput(),
        bracketMatching(),
        closeBrackets(),
        highlightActiveLine(),
        keymap.of([...closeBracketsKeymap, ...foldKeymap]),
        python(),
        indentUnit.of('    '),
        syntaxHighlighting(colours),
        EditorView.contentAttributes.of({ 'aria-label': 'Python program' }),
        EditorView.updateListener.of((u) => { if (u.docChanged) onChange(); }),
      ],
    }),
  });
  return {
    view,
    get code() { return view.state.doc.toString(); },
    set code(text) {
      view.dispatch({ changes: { from: 0, to: view.state.doc.length, insert: text }, selection: { anchor: 0 } });
    },
    focus() { view.focus(); },
    // Puts the cursor at the start of line n (1-based) and shows it.
    gotoLine(n) {
      const doc = view.state.doc;
      const line = doc.line(Math.min(Math.max(1, n), doc.lines));
      view.dispatch({
        selection: { anchor: line.from, head: line.to },
        effects: EditorView.scrollIntoView(line.from, { y: 'center' }),
      });
      view.focus();
    },
    cursorLine() {
      return view.state.doc.lineAt(view.state.selection.main.head).number;
    },
  };
}
