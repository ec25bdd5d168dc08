#!/usr/bin/env python3
"""The honest "afternoon script" peer of `duibi analyze --json`: what a user would write first.

Reads each file as UTF-8 (GBK as a fallback), one paragraph per line, splits sentences at 。！？；,
tags topics by keyword lists (from the SPEC topic table), guesses the kind by cue words, and takes
every number with a unit by regex. Emits the same JSON shape as `duibi analyze --json` (reports →
passages, facts). It does not convert Traditional to Simplified, detect headings, tie numbers to
canonical metrics or strip web clutter: it is a speed reference, not a rival in quality.

    python3 scripts/peers/keyword_analyzer.py FILE... > out.json
"""

import json
import re
import sys

TOPICS = {
    "leadership": ["习近平法治思想", "第一责任人", "述法", "法治督察", "考核", "领导小组", "实施方案"],
    "functions": ["放管服", "简政放权", "权责清单", "行政审批", "证照分离", "机构改革", "政务服务", "一网通办"],
    "business_env": ["营商环境", "市场主体", "负面清单", "公平竞争审查", "涉企", "事中事后监管", "双随机", "信用", "知识产权"],
    "rulemaking": ["地方性法规", "政府规章", "立法"],
    "normative_docs": ["规范性文件", "合法性审核", "备案审查"],
    "decision": ["重大行政决策", "合法性审查", "法律顾问", "公职律师", "风险评估", "政府合同"],
    "enforcement": ["行政执法", "综合执法", "三项制度", "执法人员", "执法证", "裁量基准", "案卷评查", "执法监督", "行政处罚"],
    "emergency": ["应急预案", "突发事件", "安全隐患"],
    "reconsideration": ["行政复议", "复议"],
    "litigation": ["行政诉讼", "出庭应诉", "败诉", "司法建议", "应诉"],
    "disputes": ["人民调解", "行政调解", "信访", "诉源治理", "枫桥经验", "仲裁", "矛盾纠纷"],
    "oversight": ["人大", "政协", "审计", "督查", "纪检监察", "问责", "政务诚信"],
    "transparency": ["信息公开", "主动公开", "依申请公开", "新闻发布", "政务公开"],
    "legal_education": ["普法", "法治宣传", "学法", "法治培训", "民主法治示范村"],
    "legal_services": ["法律援助", "公共法律服务", "律师", "法律顾问"],
    "digital": ["数字政府", "互联网+", "政务数据", "大数据"],
}
SHORTCOMING = ["不足", "问题", "差距", "薄弱", "有待"]
PLAN = ["下一步", "将继续", "我们将", "工作安排", "工作思路", "计划"]
NUMBER = re.compile(r"(\d+(?:\.\d+)?)\s*(万|亿)?(%|件|项|户|个|人次|人|次|本|条|名|份|家|起|场|期|篇|所|处|元|天)")
SENTENCE = re.compile(r"[^。！？；!?;]+[。！？；!?;]?")
TITLE_YEAR = re.compile(r"(20\d\d|19\d\d)年")


def read(path):
    data = open(path, "rb").read()
    for enc in ("utf-8-sig", "gb18030"):
        try:
            return data.decode(enc)
        except UnicodeDecodeError:
            pass
    return data.decode("utf-8", "replace")


def analyze(path):
    text = read(path)
    lines = [l.strip() for l in text.splitlines() if l.strip()]
    title = lines[0] if lines else ""
    years = TITLE_YEAR.findall(title)
    passages, facts = [], []
    kind = "achievement"
    for line in lines[1:]:
        if any(c in line for c in PLAN):
            kind = "plan"
        elif any(c in line for c in SHORTCOMING):
            kind = "shortcoming"
        topics = [t for t, words in TOPICS.items() if any(w in line for w in words)] or ["other"]
        index = len(passages)
        passages.append({"section": "", "kind": kind, "topics": topics, "text": line,
                         "sentences": [s.strip() for s in SENTENCE.findall(line) if s.strip()]})
        for sentence in passages[-1]["sentences"]:
            for m in NUMBER.finditer(sentence):
                value = float(m.group(1)) * {"万": 1e4, "亿": 1e8}.get(m.group(2), 1)
                facts.append({"metric": None, "topic": topics[0], "value": value,
                              "unit": (m.group(2) or "") + m.group(3), "approx": False,
                              "passage": index, "text": sentence})
    return {"source": path, "error": None, "title": title, "region": "",
            "year": int(years[-1]) if years else None, "script": "simplified",
            "sections": [], "passages": passages, "facts": facts}


def main():
    reports = [analyze(p) for p in sys.argv[1:]]
    json.dump({"reports": reports}, sys.stdout, ensure_ascii=False)


if __name__ == "__main__":
    main()
