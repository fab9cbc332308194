"""The HTML report's style sheet, script and labels: inline in the page (it must open from a USB stick,
with no network).  The script sorts and filters the overview and builds a report's detail when opened."""

from __future__ import annotations

TEXT = {
    "title": ("政府信息公开工作年度报告检查结果", "Annual report check results"),
    "unit": ("单位", "unit"), "year": ("年度", "year"), "template": ("格式", "template"),
    "published": ("发布日期", "published"), "on_time": ("按时", "on time"),
    "errors": ("错误", "errors"), "warnings": ("警告", "warnings"), "score": ("得分", "score"),
    "status": ("无法读取", "unreadable"), "yes": ("是", "yes"), "no": ("否", "no"),
    "error": ("错误", "error"), "warning": ("警告", "warning"), "info": ("提示", "info"),
    "why": ("规则说明", "rule"), "findings": ("处", "findings"), "text": ("报告原文", "The report's text"),
    "clean": ("未发现问题。", "No findings."), "unreadable": ("无法读取", "unreadable"), "no_issuer": ("（未识别单位）", "(issuer not found)"),
    "open": ("展开检查详情", "show the findings and text"), "filter": ("筛选：单位、文件、年度……", "filter: unit, file, year…"),
    "only_errors": ("只看有错误的", "only reports with errors"),
    "counts_note": ("分类列为“错误/警告”数；点击列名排序。", "Category columns show errors/warnings; click a heading to sort."),
    "checked": ("已检查", "checked"), "skipped": ("跳过的文件", "skipped files"), "mean_score": ("平均得分", "mean score"),
    "time": ("用时", "time"), "missing_units": ("名册中未提交报告的单位", "units on the roster with no report"),
    "unmatched": ("未匹配名册单位的报告", "reports matching no unit on the roster"),
    "colon": ("：", ": "), "parens": ("（）", "()"), "rules": ("规则说明", "Rules"), "basis": ("依据", "basis"), "shown": ("显示", "showing"),
}

CSS = """
body{font-family:"Noto Sans CJK SC","Microsoft YaHei","PingFang SC","Source Han Sans SC",sans-serif;margin:1.2em;color:#222;font-size:14px}
h1{font-size:1.5em;margin:.2em 0}h2{font-size:1.2em;margin:1.2em 0 .4em}h2 small{font-weight:normal;color:#666;font-size:.75em}
.controls{margin:.6em 0}.controls input[type=search]{width:22em;padding:.3em}.controls label{margin-left:1em}#shown{margin-left:1em;color:#555}
table#overview{border-collapse:collapse;width:100%}#overview th,#overview td{border:1px solid #ccc;padding:.25em .4em;vertical-align:top}
#overview th{background:#eef2f7;position:sticky;top:0;white-space:nowrap}#overview td{white-space:nowrap}
#overview td:first-child{white-space:normal;min-width:12em}#overview td.status{white-space:normal}#overview th button{border:0;background:none;font:inherit;font-weight:bold;cursor:pointer;padding:0}
#overview th[aria-sort=ascending] button::after{content:" ▲"}#overview th[aria-sort=descending] button::after{content:" ▼"}
#overview .num{text-align:right}#overview .has-error{color:#b00020;font-weight:bold}#overview .path{color:#777;font-size:.8em;word-break:break-all}
#overview tr[data-state=unreadable]{background:#fff4e5}.ontime-0{color:#b00020;font-weight:bold}.score{font-weight:bold}
.note,.totals{color:#555}.report{border-top:2px solid #bbb;margin-top:1.5em}.score ul{margin:.2em 0}
ol.findings{padding-left:1.5em}.finding{margin:.2em 0}.finding .sev{font-weight:bold}.finding.error .sev{color:#b00020}
.finding.warning .sev{color:#a15c00}.finding.info .sev{color:#00629b}.finding .name{color:#666}.finding:target{background:#ffef9e}
.text{font-family:inherit;border:1px solid #ddd;padding:.4em;background:#fcfcfc}
.ln{display:flex;white-space:pre-wrap;word-break:break-all;tab-size:4}.ln .no{color:#aaa;min-width:3.5em;text-align:right;padding-right:.8em;user-select:none}
mark.hl{background:#ffd6d6;border-bottom:2px solid #b00020;padding:0}.anchor{scroll-margin-top:4em}
table.grid{border-collapse:collapse;margin:.4em 0 .4em 4.3em}table.grid td{border:1px solid #bbb;padding:.15em .4em;white-space:pre-wrap}
table.grid td.bad{background:#ffd6d6;outline:2px solid #b00020}.notes{margin:0 0 .3em 4.3em;font-size:.9em}
.notes a{display:block;color:#7a0016;text-decoration:none}.notes a.warning{color:#7a4500}.notes a.info{color:#00629b}
details.rule{margin:.3em 0}details.rule p{margin:.3em 1em;white-space:pre-wrap}button.open{margin:.5em 0}
.unreadable{color:#b00020}.clean{color:#2e7d32}
@media print{.controls,button.open,.note{display:none}#overview th{position:static}body{margin:0;font-size:11px}
.report{break-before:page}table,tr,.ln{break-inside:avoid}mark.hl{-webkit-print-color-adjust:exact;print-color-adjust:exact}
table.grid td.bad,#overview tr{-webkit-print-color-adjust:exact;print-color-adjust:exact}details.rule>p{display:block}}
"""

SCRIPT = r"""
(function(){
  var table=document.getElementById('overview');
  function key(row,col){var c=row.cells[col];return c?c.getAttribute('data-sort'):'';}
  function sortBy(th){
    var col=+th.getAttribute('data-col'),body=table.tBodies[0],rows=[].slice.call(body.rows);
    var asc=th.getAttribute('aria-sort')!=='ascending';
    [].forEach.call(table.tHead.rows[0].cells,function(h){h.removeAttribute('aria-sort');});
    th.setAttribute('aria-sort',asc?'ascending':'descending');
    var numeric=rows.every(function(r){var v=key(r,col);return v!==''&&!isNaN(+v);});
    rows.sort(function(a,b){var x=key(a,col),y=key(b,col);
      var d=numeric?(+x)-(+y):x.localeCompare(y,'zh-CN');return asc?d:-d;});
    rows.forEach(function(r){body.appendChild(r);});
  }
  function filter(){
    var q=document.getElementById('filter').value.trim().toLowerCase(),only=document.getElementById('only-errors').checked,n=0;
    var rows=table.tBodies[0].rows;
    for(var i=0;i<rows.length;i++){var r=rows[i];
      var show=(!q||r.textContent.toLowerCase().indexOf(q)>=0)&&(!only||r.getAttribute('data-state')==='errors');
      r.style.display=show?'':'none';if(show)n++;}
    document.getElementById('shown').textContent=n+' / '+rows.length;
  }
  function build(section){
    var detail=section&&section.querySelector('.detail[data-lazy]');if(!detail)return;
    var inert=document.getElementById('src-'+detail.getAttribute('data-lazy'));
    detail.innerHTML=inert.textContent.replace(/<\\\//g,'</');detail.removeAttribute('data-lazy');
  }
  function follow(){
    var id=decodeURIComponent(location.hash.slice(1));if(!id)return;
    var m=/^(r\d+)/.exec(id);if(m){build(document.getElementById(m[1]));}
    var el=document.getElementById(id);if(!el)return;
    if(el.tagName==='DETAILS')el.open=true;el.scrollIntoView();
  }
  if(table){
    table.tHead.addEventListener('click',function(e){var th=e.target.closest('th');if(th)sortBy(th);});
    document.getElementById('filter').addEventListener('input',filter);
    document.getElementById('only-errors').addEventListener('change',filter);filter();
  }
  document.addEventListener('click',function(e){
    var b=e.target.closest('button.open');if(b){build(b.closest('section'));return;}
    var a=e.target.closest('a[href^="#"]');if(a&&a.getAttribute('href')===location.hash){follow();}
  });
  window.addEventListener('hashchange',follow);
  window.addEventListener('beforeprint',function(){[].forEach.call(document.querySelectorAll('section.report'),build);
    [].forEach.call(document.querySelectorAll('details.rule'),function(d){d.open=true;});});
  window.disclosureLint={build:build,sortBy:sortBy,filter:filter};
  follow();
})();
"""
