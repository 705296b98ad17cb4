// The portal's only static assets: one stylesheet and one small script (progressive: every page reads
// without it; it adds the upload with its live verdict, drag and drop, and the national page's live
// update). Served by the portal itself, so no page loads anything from elsewhere.
import { resultFields } from '../../shared/domain/results/fields.ts';
import { TABLE_HEADINGS } from '../../shared/domain/snapshot/table-view.ts';

/** On a phone each cell of a card is labelled with its column's heading (one rule per column, not per cell). */
const cardLabels = (table: string, headings: readonly string[]): string =>
  headings.map((text, i) => `${table} td:nth-child(${i + 1})::before{content:${JSON.stringify(text)}}`).join('');

/**
 * The national tables (#province-table on "Hôm nay", #results-table on "Kết quả"): the screen's whole
 * width, the header (and the total) kept in view while the table scrolls, a card per province on a phone.
 */
const NATIONAL_TABLE_CSS = `
main.wide{max-width:none}
.sticky-table{max-height:calc(100vh - 1em);overflow:auto;border:1px solid #c8ccd2;background:#fff}
.sticky-table table{border-collapse:separate;border-spacing:0;min-width:100%}
.sticky-table th,.sticky-table td{border-width:0 1px 1px 0}
.sticky-table caption{text-align:left;padding:.3em .5em;font-weight:600}
.sticky-table thead th{position:sticky;top:0;z-index:2;background:#e8edf4;vertical-align:bottom}
.sticky-table tbody th[scope=row],.sticky-table thead th.name{position:sticky;left:0;z-index:1;background:#fff}
.sticky-table thead th.name{z-index:3;background:#e8edf4}
.sticky-table tfoot td,.sticky-table tfoot th{position:sticky;bottom:0;z-index:2;border-top:2px solid #8a94a3}
.sticky-table tfoot th{left:0;z-index:3}
/* A province's name on one line, so the sticky name column reads as a list of names. */
#results-table th[scope=row]{white-space:nowrap}
.col-no{display:block;font-weight:400;font-size:.8em;color:#555;white-space:nowrap}
#province-table td:nth-child(4){white-space:nowrap}
#province-table td:nth-child(16){min-width:9em}#province-table td:nth-child(17){min-width:16em;max-width:24em}
.table-view{display:flex;flex-wrap:wrap;gap:.5em 1em;align-items:end;margin:0 0 1em}
.table-view label{margin:0 0 .2em}
.table-view>div{min-width:0;max-width:100%}.table-view select{width:100%}
.legend{margin:.5em 0}
.legend ol{columns:2 26em;margin:.3em 0}
.shown{font-weight:600}
@media (max-width:40em){
.sticky-table{max-height:none;overflow:visible;border:0;background:none}
.card-table{display:flex;flex-direction:column;min-width:0;background:none}
.card-table caption{padding:0 0 .5em;order:-2}
.card-table thead{display:none}
.card-table tbody,.card-table tfoot{display:block}
.card-table tfoot{order:-1}
.card-table tr{display:grid;grid-template-columns:1fr 1fr;gap:.15em .8em;background:#fff;border:1px solid #c8ccd2;border-radius:6px;margin:0 0 .6em;padding:.5em .7em}
.card-table tr.total{background:#eef1f5}.card-table tr.mark-top{background:#e8f5e9}.card-table tr.mark-bottom{background:#ffebee}
.card-table tr>td,.card-table tr>th{display:block;border:0;padding:0;position:static}
.card-table tr>th[scope=row]{grid-column:1/-1;order:-1;font-size:1.1em;background:none;white-space:normal;overflow-wrap:anywhere}
#results-table th[scope=row]{white-space:normal}
.card-table td::before{display:block;font-size:.8em;font-weight:400;color:#555}
.card-table td:empty,#province-table td:first-child{display:none}
.card-table td.num{text-align:left}
.card-table td.none,#province-table td:nth-child(n+16){grid-column:1/-1;max-width:none}
${cardLabels('#province-table', TABLE_HEADINGS)}
${cardLabels('#results-table', resultFields({ baselineShort: '' }).map((f) => f.short))}
}
`;

export const PORTAL_CSS = `
*{box-sizing:border-box}
body{margin:0;font:16px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,Arial,sans-serif;color:#1b1b1b;background:#f5f6f8}
a{color:#0b4f9c}
a:focus,button:focus,input:focus,select:focus,summary:focus{outline:3px solid #f0a000;outline-offset:2px}
.skip{position:absolute;left:-999px;top:0;background:#fff;padding:.5em}
.skip:focus{left:.5em}
header{background:#0b4f9c;color:#fff;padding:.6em 1em;display:flex;flex-wrap:wrap;gap:.5em 1.5em;align-items:center}
header a{color:#fff}
header .brand{font-weight:700;font-size:1.1em;text-decoration:none}
nav ul{list-style:none;margin:0;padding:0;display:flex;flex-wrap:wrap;gap:.3em 1em}
nav a[aria-current=page]{font-weight:700;text-decoration-thickness:3px}
.who{margin-left:auto;display:flex;gap:.6em;align-items:center;flex-wrap:wrap}
.who form{margin:0}
main{max-width:72em;margin:0 auto;padding:1em}
h1{font-size:1.5em;margin:.3em 0 .6em}
h2{font-size:1.2em;margin:1.2em 0 .5em}
.card{background:#fff;border:1px solid #d5d9e0;border-radius:6px;padding:1em;margin:0 0 1em}
label{font-weight:600;display:block;margin:.3em 0}
input[type=email],input[type=text],input[type=tel],input[type=file],select{font:inherit;padding:.45em;border:1px solid #767676;border-radius:4px;max-width:100%}
input[type=email],input[type=text],input[type=tel]{width:22em}
.table-wrap+.card,.table-wrap+h2{margin-top:1em}
form button+a{margin-left:1em}
button,.button{font:inherit;background:#0b4f9c;color:#fff;border:0;border-radius:4px;padding:.55em 1.2em;cursor:pointer;text-decoration:none;display:inline-block}
button.link{background:none;color:inherit;text-decoration:underline;padding:0}
button[disabled]{background:#6b7785}
.drop{border:2px dashed #767676;border-radius:6px;padding:1em;margin:0 0 1em;background:#fafbfc}
.drop.over{border-color:#0b4f9c;background:#e8f0fb}
.status{margin:1em 0}
.accepted{border-left:6px solid #1e7b34}
.rejected{border-left:6px solid #b3261e}
.pending{border-left:6px solid #6b7785}
.table-wrap{overflow-x:auto}
table{border-collapse:collapse;background:#fff;font-size:.92em}
th,td{border:1px solid #c8ccd2;padding:.3em .5em;text-align:left;vertical-align:top}
td.num{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}
tr.total td,tr.total th{font-weight:700;background:#eef1f5}
.alert{border:2px solid #b71c1c;background:#ffebee;color:#7f0000;padding:.3em .5em;font-weight:600}
tr.mark-top td{background:#e8f5e9}tr.mark-bottom td{background:#ffebee}
figure.trend svg{width:100%;max-width:760px;height:auto}
.tag{display:inline-block;padding:0 .45em;border-radius:3px;font-size:.9em;white-space:nowrap}
.on_time{background:#d7f0dd;color:#0d4a1d}.late{background:#fde9c8;color:#6a4000}
.missing{background:#e9ecef;color:#333}.not_due{background:#fff;color:#333;border:1px solid #adb5bd}.rejected_only{background:#f8d7d5;color:#7a1611}
.counts{display:flex;flex-wrap:wrap;gap:.6em;padding:0;list-style:none}
.counts li{background:#fff;border:1px solid #d5d9e0;border-radius:6px;padding:.5em .9em}
.counts b{font-size:1.3em;display:block}
.dates{display:flex;flex-wrap:wrap;gap:.3em .8em;padding:0;list-style:none}
.muted{color:#555}
.trend svg{max-width:100%;height:auto}
.trend rect{fill:#0b4f9c}
.trend text{font-size:11px;fill:#333}
figure.trend svg.bars{width:auto;max-width:none;height:auto;display:block}
.trend svg.bars text{font-size:13px;text-anchor:middle}
svg.chart-narrow{display:none}.trend svg.chart-narrow text{font-size:12.5px}
@media (max-width:40em){figure.trend svg.chart-wide{display:none}figure.trend svg.chart-narrow{display:block}}
.button.secondary,button.secondary{background:#fff;color:#0b4f9c;border:2px solid #0b4f9c;padding:.45em 1.1em}
.actions{display:flex;flex-wrap:wrap;gap:.5em}
.notice{border-left:6px solid #b26a00}
fieldset{border:1px solid #d5d9e0;border-radius:6px;background:#fff;margin:0 0 1em;padding:.6em 1em 1em;min-width:0}
legend{font-weight:700;padding:0 .3em}
textarea{font:inherit;padding:.45em;border:1px solid #767676;border-radius:4px;width:22em;max-width:100%}
article.card h3{margin:0 0 .4em;font-size:1.05em}
article.card p{margin:.3em 0}
.field{margin:.8em 0 0}
.field input{font:inherit;font-size:1.1em;padding:.45em;border:1px solid #767676;border-radius:4px;width:16em;max-width:100%;text-align:right;font-variant-numeric:tabular-nums}
.field.invalid input{border:2px solid #b3261e}
.field .col{color:#0b4f9c}
.field .unit{font-weight:400;color:#555}
.hint{margin:.2em 0 0;color:#555;font-size:.9em}
.field-error{margin:.2em 0 0;color:#b3261e;font-weight:600}
.field-warning{margin:.2em 0 0;color:#6a4000}
.field-error:empty,.field-warning:empty{display:none}
.date-chooser{display:flex;flex-wrap:wrap;gap:.5em;align-items:end;margin:0 0 1em}
.date-chooser label{width:100%}
dl.values{margin:.5em 0;display:grid;grid-template-columns:1fr auto;gap:.2em 1em}
dl.values div{display:contents}
dl.values dt{font-weight:400}
dl.values dd{margin:0;text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap;font-weight:600}
ol.submissions{list-style:none;padding:0;margin:0}
.submission h3{font-size:1em;margin:0 0 .3em}
.submission p{margin:.2em 0}
.submission .file a{overflow-wrap:anywhere}
.findings{margin:.3em 0 0;padding-left:1.2em}
.missing-dates{padding-left:1.2em}
@media (max-width:40em){dl.values{grid-template-columns:1fr}dl.values dd{text-align:left;margin-bottom:.4em}.field input{width:100%}}
@media (max-width:40em){header{display:block}.who{margin:.5em 0 0}input[type=email],input[type=text],input[type=tel]{width:100%}}
tr.flag>*{background:#fff4f4}
ul.units{list-style:none;padding:0;margin:0;display:grid;grid-template-columns:repeat(auto-fill,minmax(20em,1fr));gap:0 1em}
.unit h3{font-size:1.05em;margin:0 0 .3em}
.unit p{margin:.3em 0}
ul.people{padding-left:1.2em;margin:.3em 0}
ul.people a{overflow-wrap:anywhere}
@media (max-width:40em){ul.units{grid-template-columns:1fr}table.stack,table.stack tbody,table.stack tr,table.stack td,table.stack th{display:block}table.stack thead{position:absolute;left:-9999px}table.stack tr{border:1px solid #c8ccd2;border-radius:6px;margin:0 0 .8em;background:#fff}table.stack td,table.stack th{border:0;border-bottom:1px solid #eef1f5}table.stack td:empty{display:none}table.stack [data-label]::before{content:attr(data-label) ": ";font-weight:600}}
main:has(.by-date){max-width:none}.by-date table{font-size:.88em}.by-date .tag{white-space:normal}.by-date th,.by-date td{padding:.3em .4em}.by-date thead th{vertical-align:bottom}.by-date tr.notes td{border-top:0;background:#fbfbfc}
.by-date tr.notes details{display:inline-block;vertical-align:top;margin-right:2em}.by-date tr.notes ul{margin:.3em 0 0;padding-left:1.1em}
@media (max-width:40em){.by-date table,.by-date tbody,.by-date tr,.by-date caption{display:block}.by-date thead{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0)}
.by-date tbody{border:1px solid #d5d9e0;border-radius:6px;margin:0 0 1em;padding:.5em .7em;background:#fff}.by-date tbody th{display:block;border:0;padding:0 0 .3em;font-size:1.1em}
.by-date td{display:flex;justify-content:space-between;gap:1em;border:0;border-top:1px solid #eef1f5;padding:.25em 0;text-align:right}.by-date td:empty{display:none}
.by-date td::before{content:attr(data-label);text-align:left;color:#333}.by-date td.num{white-space:normal}
.by-date tr.notes td{display:block;text-align:left;background:none;overflow-wrap:anywhere}.by-date tr.notes details{display:block;margin:.3em 0}}
${NATIONAL_TABLE_CSS}`;

export const PORTAL_JS = `
(function () {
  'use strict';
  function $(selector) { return document.querySelector(selector); }
  function show(el, html) { el.innerHTML = html; }
  function message(text, cls) {
    var p = document.createElement('div');
    p.className = 'card ' + (cls || 'pending');
    p.textContent = text;
    return p.outerHTML;
  }
  function sleep(ms) { return new Promise(function (r) { setTimeout(r, ms); }); }

  var form = $('#upload-form');
  if (form) {
    var input = $('#report-file');
    var status = $('#verdict');
    var drop = $('#drop-zone');
    var button = form.querySelector('button[type=submit]');
    var maxBytes = Number(form.getAttribute('data-max-bytes'));
    ['dragenter', 'dragover'].forEach(function (t) {
      drop.addEventListener(t, function (e) { e.preventDefault(); drop.classList.add('over'); });
    });
    ['dragleave', 'drop'].forEach(function (t) {
      drop.addEventListener(t, function (e) { e.preventDefault(); drop.classList.remove('over'); });
    });
    drop.addEventListener('drop', function (e) {
      if (e.dataTransfer && e.dataTransfer.files.length) {
        input.files = e.dataTransfer.files;
        $('#chosen').textContent = 'Đã chọn: ' + input.files[0].name;
      }
    });
    input.addEventListener('change', function () {
      $('#chosen').textContent = input.files.length ? 'Đã chọn: ' + input.files[0].name : '';
    });
    form.addEventListener('submit', function (e) {
      e.preventDefault();
      var file = input.files && input.files[0];
      if (!file) { show(status, message('Vui lòng chọn tệp báo cáo.', 'rejected')); input.focus(); return; }
      if (file.size > maxBytes) {
        show(status, message(form.getAttribute('data-too-large'), 'rejected'));
        return;
      }
      button.disabled = true;
      submit(file).catch(function () {
        show(status, message('Không gửi được tệp (lỗi kết nối). Vui lòng thử lại.', 'rejected'));
      }).then(function () { button.disabled = false; });
    });
    async function submit(file) {
      show(status, message('Đang gửi tệp ' + file.name + '…'));
      var ticket = await fetch(form.getAttribute('data-ticket-url'), {
        method: 'POST', headers: { 'content-type': 'application/json' }, credentials: 'same-origin',
        body: JSON.stringify({ fileName: file.name, size: file.size })
      });
      var t = await ticket.json();
      if (!ticket.ok) { show(status, message(t.error || 'Không gửi được tệp.', 'rejected')); return; }
      var body = new FormData();
      Object.keys(t.fields).forEach(function (k) { body.append(k, t.fields[k]); });
      body.append('file', file);
      var sent = await fetch(t.url, { method: 'POST', body: body });
      if (!sent.ok) {
        var xml = await sent.text();
        var m = /<Message>([^<]*)<\\/Message>/.exec(xml);
        show(status, message('Kho lưu trữ từ chối tệp' + (m ? ': ' + m[1] : '') + '. Vui lòng thử lại.', 'rejected'));
        return;
      }
      show(status, message('Đã gửi tệp ' + file.name + '. Đang kiểm tra báo cáo…'));
      for (var waited = 0, delay = 150; waited < 120000; waited += delay, delay = Math.min(delay * 1.5, 2000)) {
        await sleep(delay);
        var r = await fetch(t.verdictUrl, { credentials: 'same-origin' });
        if (!r.ok) continue;
        var v = await r.json();
        if (v.done) { show(status, v.html); form.reset(); $('#chosen').textContent = ''; return; }
      }
      show(status, message('Hệ thống chưa trả kết quả. Kết quả sẽ có trong mục Lịch sử và trong thư gửi đơn vị.', 'pending'));
    }
  }

  var live = $('[data-live-url]');
  if (live) {
    var url = live.getAttribute('data-live-url');
    setInterval(function () {
      fetch(url, { credentials: 'same-origin' }).then(function (r) { return r.ok ? r.json() : null; }).then(function (v) {
        if (v && v.version !== live.getAttribute('data-version')) {
          // The table scrolls inside its frame: keep the place being read.
          var frame = live.querySelector('.sticky-table');
          var at = frame ? [frame.scrollTop, frame.scrollLeft] : null;
          live.innerHTML = v.html;
          frame = live.querySelector('.sticky-table');
          if (frame && at) { frame.scrollTop = at[0]; frame.scrollLeft = at[1]; }
          live.setAttribute('data-version', v.version);
        }
      }).catch(function () {});
    }, Number(live.getAttribute('data-interval')) || 3000);
  }
})();
`;
