// The entry page's script: the parser's own check (generated/entry-check.ts, bundled from
// shared/domain/entry/check.ts) and the few lines that show its findings on the page's fields as the
// clerk types. The page works without it: the server runs the same check.
import { ENTRY_CHECK_JS } from './generated/entry-check.ts';

const ENTRY_FORM_JS = `
(function () {
  'use strict';
  var form = document.getElementById('entry-form');
  if (!form || !window.BhxhEntry) return;
  var ctx = {
    reportDate: form.getAttribute('data-report-date'), baselineLabel: form.getAttribute('data-baseline-label'),
    minAmountPerLateUnit: Number(form.getAttribute('data-min-amount'))
  };
  var previous = form.getAttribute('data-previous');
  if (previous) ctx.previous = JSON.parse(previous);
  var inputs = [];
  for (var i = 1; i <= 11; i++) inputs.push(form.elements['cot' + i]);
  var summary = document.getElementById('entry-summary');
  var typed = false;
  var grouping = new Intl.NumberFormat('vi-VN', { maximumFractionDigits: 0 });

  function text(findings) { return findings.map(function (f) { return f.message; }).join(' '); }

  // Shows each field's findings; an empty field is named only once the clerk tries to send.
  function render(sending) {
    var result = window.BhxhEntry.checkEntry(inputs.map(function (input) { return input.value; }), ctx);
    result.fields.forEach(function (field, i) {
      var input = inputs[i];
      var errors = field.errors.filter(function (e) { return sending || e.code !== 'empty-cell'; });
      document.getElementById(input.id + '-loi').textContent = typed || sending ? text(errors) : '';
      document.getElementById(input.id + '-canh-bao').textContent = typed || sending ? text(field.warnings) : '';
      if (errors.length && (typed || sending)) input.setAttribute('aria-invalid', 'true'); else input.removeAttribute('aria-invalid');
      input.parentNode.classList.toggle('invalid', Boolean(errors.length && (typed || sending)));
    });
    return result;
  }

  function showSummary(result) {
    summary.innerHTML = '';
    var title = document.createElement('h2');
    title.textContent = 'Chưa gửi được: ' + result.errors.length + ' lỗi cần sửa';
    var list = document.createElement('ul');
    result.errors.forEach(function (e) {
      var col = e.cell.charCodeAt(0) - 64;
      var item = document.createElement('li');
      var link = document.createElement('a');
      link.href = '#cot' + col;
      link.textContent = 'Cột ' + col;
      item.appendChild(link);
      item.appendChild(document.createTextNode(': ' + e.message));
      list.appendChild(item);
    });
    summary.appendChild(title);
    summary.appendChild(list);
    summary.hidden = false;
  }

  form.addEventListener('input', function () { typed = true; render(false); });
  inputs.forEach(function (input, i) {
    input.addEventListener('blur', function () {
      var field = window.BhxhEntry.checkEntry(inputs.map(function (x) { return x.value; }), ctx).fields[i];
      if (field.value !== null && input.value !== grouping.format(field.value)) input.value = grouping.format(field.value);
    });
  });
  form.addEventListener('submit', function (event) {
    var result = render(true);
    if (result.values) { summary.hidden = true; return; }
    event.preventDefault();
    showSummary(result);
    var first = inputs[result.errors[0].cell.charCodeAt(0) - 65];
    if (first) first.focus();
  });
  if (!summary.hidden) render(true);
})();
`;

/** The entry page's script: the check, then the page's use of it. */
export const ENTRY_JS = `${ENTRY_CHECK_JS}\n${ENTRY_FORM_JS}`;
