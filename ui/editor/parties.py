"""当事人: the parties of the case, a list on the left and the selected party's form on the right."""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtCore import QSignalBlocker, QSize, Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMenu,
    QPushButton,
    QScrollArea,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from adjudicator.cases import inputs as C
from ui import icons
from ui.editor.section import EditorSection, combo_data, set_combo_data
from ui.widgets import Field, align_labels, set_invalid

#: The party fields the form edits, by the last part of their problem key (``parties.0.name``).
_TEXT_FIELDS = ("name", "id_number", "address", "phone", "legal_rep", "legal_rep_title")


def blank_party(role: str) -> C.PartyInput:
    return C.PartyInput(role=role, party_type="organisation", name="")


class PartiesSection(EditorSection):
    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.parties: list[C.PartyInput] = []
        self._touched: list[set[str]] = []
        self._problems: dict[str, str] = {}
        self._reveal_all = False
        self.party_fields: dict[str, Field] = {}

        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(self._build_list())
        splitter.addWidget(self._build_form())
        splitter.setStretchFactor(0, 0)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([260, 640])
        splitter.setChildrenCollapsible(False)
        layout = QVBoxLayout(self)
        layout.addWidget(splitter)

    # -- building ------------------------------------------------------------------------------------

    def _build_list(self) -> QWidget:
        holder = QWidget()
        layout = QVBoxLayout(holder)
        layout.setContentsMargins(0, 0, 0, 0)
        title = QLabel(self.tr("当事人列表(&L)"))
        self.list = QListWidget()
        self.list.setObjectName("partyList")
        self.list.setMinimumWidth(220)
        self.list.setIconSize(QSize(18, 18))
        self.list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.list.setTextElideMode(Qt.TextElideMode.ElideRight)
        title.setBuddy(self.list)
        self.list_message = QLabel()
        self.list_message.setProperty("role", "field-message")
        self.list_message.setWordWrap(True)
        self.list_message.hide()

        self.add_button = QPushButton(icons.icon("add"), self.tr("添加(&A)"))
        menu = QMenu(self.add_button)
        for role, label in C.PARTY_ROLES.items():
            action = menu.addAction(label)
            action.triggered.connect(lambda _=False, r=role: self.add_party(r))
        self.add_button.setMenu(menu)
        self.add_button.setProperty("menu", True)
        self.remove_button = QPushButton(icons.icon("remove", icons.DANGER), self.tr("删除当事人(&X)"))
        self.remove_button.clicked.connect(self.remove_current)
        buttons = QHBoxLayout()
        buttons.addWidget(self.add_button)
        buttons.addWidget(self.remove_button)
        buttons.addStretch(1)

        layout.addWidget(title)
        layout.addWidget(self.list, 1)
        layout.addWidget(self.list_message)
        layout.addLayout(buttons)
        self.list.currentRowChanged.connect(self._show_party)
        return holder

    def _build_form(self) -> QWidget:
        self.role = QComboBox()
        for code, label in C.PARTY_ROLES.items():
            self.role.addItem(label, code)
        self.party_type = QComboBox()
        for code, label in C.PARTY_TYPES.items():
            self.party_type.addItem(icons.icon(code), label, code)
        self.name = QLineEdit()
        self.id_number = QLineEdit()
        self.address = QLineEdit()
        self.phone = QLineEdit()
        self.phone.setPlaceholderText(self.tr("手机或固定电话"))
        self.abroad = QCheckBox(self.tr("在中国境内无住所(&W)"))
        self.legal_rep = QLineEdit()
        self.legal_rep_title = QLineEdit()
        self.legal_rep_title.setPlaceholderText(self.tr("如：执行董事、总经理"))
        for combo in (self.role, self.party_type):
            combo.setMaximumWidth(220)

        basics = QGroupBox(self.tr("基本情况"))
        form = QFormLayout(basics)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.ExpandingFieldsGrow)
        form.addRow(self.tr("身份(&R) *"), self._party_field("role", self.role))
        form.addRow(self.tr("类型(&T) *"), self._party_field("party_type", self.party_type))
        self.name_label = QLabel()
        form.addRow(self.name_label, self._party_field("name", self.name))
        self.id_label = QLabel()
        form.addRow(self.id_label, self._party_field("id_number", self.id_number))
        self.address_label = QLabel()
        form.addRow(self.address_label, self._party_field("address", self.address))
        form.addRow(self.tr("电话(&P)"), self._party_field("phone", self.phone))
        form.addRow("", self.abroad)
        self.name_label.setBuddy(self.name)
        self.id_label.setBuddy(self.id_number)
        self.address_label.setBuddy(self.address)

        self.rep_box = QGroupBox(self.tr("法定代表人（负责人）"))
        rep = QFormLayout(self.rep_box)
        rep.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.ExpandingFieldsGrow)
        self.rep_label = QLabel()
        rep.addRow(self.rep_label, self._party_field("legal_rep", self.legal_rep))
        self.rep_label.setBuddy(self.legal_rep)
        rep.addRow(self.tr("职务(&J)"), self._party_field("legal_rep_title", self.legal_rep_title))

        agents_box = QGroupBox(self.tr("委托代理人（最多 2 名）"))
        grid = QGridLayout(agents_box)
        self.agent_edits: list[tuple[QLineEdit, QLineEdit, QLineEdit]] = []
        for column, heading in enumerate((self.tr("姓名"), self.tr("律师事务所或工作单位"), self.tr("电话")), 1):
            heading_label = QLabel(heading)
            heading_label.setProperty("role", "hint")
            grid.addWidget(heading_label, 0, column)
        for row in range(C.MAX_AGENTS):
            edits = (QLineEdit(), QLineEdit(), QLineEdit())
            grid.addWidget(QLabel(self.tr("代理人 {n}").format(n=row + 1)), row + 1, 0)
            for column, edit in enumerate(edits, 1):
                grid.addWidget(edit, row + 1, column)
                edit.textChanged.connect(lambda *_: self._edited("agents"))
            self.agent_edits.append(edits)
        grid.setColumnStretch(1, 1)
        grid.setColumnStretch(2, 2)
        grid.setColumnStretch(3, 1)
        self.agents_message = QLabel()
        self.agents_message.setProperty("role", "field-message")
        self.agents_message.hide()
        grid.addWidget(self.agents_message, C.MAX_AGENTS + 1, 0, 1, 4)

        align_labels(form, rep, width=132)

        self.form = QWidget()
        stack = QVBoxLayout(self.form)
        stack.addWidget(basics)
        stack.addWidget(self.rep_box)
        stack.addWidget(agents_box)
        stack.addStretch(1)
        self.empty_hint = QLabel(self.tr("尚无当事人。请用“添加”按钮添加请求人和被请求人。"))
        self.empty_hint.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty_hint.setProperty("role", "hint")
        stack.addWidget(self.empty_hint)

        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(self.form)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        self.form_scroll = scroll

        self.abroad.toggled.connect(lambda *_: self._edited("abroad"))
        return scroll

    def _party_field(self, key: str, editor: QWidget) -> Field:
        wrapped = Field(editor, self)
        self.party_fields[key] = wrapped
        if isinstance(editor, QLineEdit):
            editor.textChanged.connect(lambda *_: self._edited(key))
        elif isinstance(editor, QComboBox):
            editor.currentIndexChanged.connect(lambda *_: self._edited(key))
        return wrapped

    # -- the list ----------------------------------------------------------------------------------

    def _edited(self, key: str) -> None:
        """The user changed field ``key`` of the selected party: keep it, then tell the editor."""
        if self._loading:
            return
        row = self.list.currentRow()
        if 0 <= row < len(self._touched):
            self._touched[row].add(key)
        self._store_form()
        self.changed.emit()

    def add_party(self, role: str) -> None:
        self.parties.append(blank_party(role))
        self._touched.append(set())
        self._refresh_list()
        self.list.setCurrentRow(len(self.parties) - 1)
        self.name.setFocus()
        self.changed.emit()

    def remove_current(self) -> None:
        row = self.list.currentRow()
        if not 0 <= row < len(self.parties):
            return
        del self.parties[row]
        del self._touched[row]
        self._refresh_list()
        self.list.setCurrentRow(min(row, len(self.parties) - 1))
        self.changed.emit()

    def _item_text(self, party: C.PartyInput) -> str:
        role = C.PARTY_ROLES.get(party.role, party.role)
        return f"{role}　{party.name.strip() or self.tr('（未填写名称）')}"

    def _refresh_list(self) -> None:
        current = self.list.currentRow()
        with QSignalBlocker(self.list):
            self.list.clear()
            for party in self.parties:
                item = QListWidgetItem(icons.icon(party.party_type if party.party_type in C.PARTY_TYPES
                                                  else "person"), self._item_text(party))
                self.list.addItem(item)
            if self.parties:
                self.list.setCurrentRow(max(0, min(current, len(self.parties) - 1)))
        self._show_party(self.list.currentRow())
        self._mark_items()

    # -- the form ------------------------------------------------------------------------------------

    def _show_party(self, row: int) -> None:
        has = 0 <= row < len(self.parties)
        for box in self.form.findChildren(QGroupBox):
            box.setVisible(has and (box is not self.rep_box or self.parties[row].party_type != "person"))
        self.empty_hint.setVisible(not has)
        self.remove_button.setEnabled(has)
        if not has:
            return
        self.form_scroll.verticalScrollBar().setValue(0)  # each party's form starts at its name
        party = self.parties[row]
        with self.loading():
            set_combo_data(self.role, party.role)
            set_combo_data(self.party_type, party.party_type)
            self.name.setText(party.name)
            self.id_number.setText(party.id_number)
            self.address.setText(party.address)
            self.phone.setText(party.phone)
            self.legal_rep.setText(party.legal_rep)
            self.legal_rep_title.setText(party.legal_rep_title)
            self.abroad.setChecked(party.abroad)
            for i, (name, firm, phone) in enumerate(self.agent_edits):
                agent = party.agents[i] if i < len(party.agents) else C.AgentInput("")
                name.setText(agent.name)
                firm.setText(agent.firm)
                phone.setText(agent.phone)
        self._adapt_labels(party)
        self._show_field_problems()

    def _adapt_labels(self, party: C.PartyInput) -> None:
        person = party.party_type == "person"
        self.name_label.setText(self.tr("姓名(&N) *") if person else self.tr("名称(&N) *"))
        self.id_label.setText(self.tr("身份证号码(&I)") if person else self.tr("统一社会信用代码(&I)"))
        self.address_label.setText(self.tr("住址(&D)") if person else self.tr("住所地(&D)"))
        self.id_number.setPlaceholderText(self.tr("18 位居民身份证号码") if person
                                          else self.tr("18 位统一社会信用代码"))
        self.rep_box.setVisible(not person)
        required = not person and party.role == "requester"
        self.rep_label.setText(self.tr("姓名(&M) *") if required else self.tr("姓名(&M)"))

    def _store_form(self) -> None:
        row = self.list.currentRow()
        if not 0 <= row < len(self.parties):
            return
        agents = [C.AgentInput(n.text(), f.text(), p.text()) for n, f, p in self.agent_edits
                  if n.text() or f.text() or p.text()]
        party = replace(
            self.parties[row], role=combo_data(self.role), party_type=combo_data(self.party_type),
            name=self.name.text(), id_number=self.id_number.text(), address=self.address.text(),
            phone=self.phone.text(), legal_rep=self.legal_rep.text(), legal_rep_title=self.legal_rep_title.text(),
            agents=agents, abroad=self.abroad.isChecked(),
        )
        self.parties[row] = party
        item = self.list.item(row)
        if item is not None:
            item.setText(self._item_text(party))
            item.setIcon(icons.icon(party.party_type if party.party_type in C.PARTY_TYPES else "person"))
        self._adapt_labels(party)

    # -- problems ------------------------------------------------------------------------------------

    def owns(self, key: str) -> bool:
        return key == "parties" or key.startswith("parties.")

    def show_problems(self, problems: dict[str, str], reveal_all: bool) -> None:
        self._problems = problems
        self._reveal_all = reveal_all
        listed = problems.get("parties")
        set_invalid(self.list, bool(listed))
        self.list_message.setText(listed or "")
        self.list_message.setVisible(bool(listed))
        self._mark_items()
        self._show_field_problems()

    def _mark_items(self) -> None:
        for row in range(self.list.count()):
            bad = any(k.startswith(f"parties.{row}.") for k in self._problems)
            item = self.list.item(row)
            party = self.parties[row]
            if bad:
                item.setIcon(icons.icon("warning", icons.DANGER))
            else:
                item.setIcon(icons.icon(party.party_type if party.party_type in C.PARTY_TYPES else "person"))

    def _show_field_problems(self) -> None:
        row = self.list.currentRow()
        touched = self._touched[row] if 0 <= row < len(self._touched) else set()
        for key, wrapped in self.party_fields.items():
            message = self._problems.get(f"parties.{row}.{key}")
            wrapped.show_problem(message if message and (self._reveal_all or key in touched) else None)
        agents = self._problems.get(f"parties.{row}.agents")
        self.agents_message.setText(agents or "")
        self.agents_message.setVisible(bool(agents))

    def focus_field(self, key: str) -> bool:
        if key == "parties":
            self.list.setFocus()
            return True
        parts = key.split(".")
        if len(parts) < 3 or not parts[1].isdigit():
            return False
        row = int(parts[1])
        if not 0 <= row < len(self.parties):
            return False
        self.list.setCurrentRow(row)
        self._touched[row].add(parts[2])
        self._show_field_problems()
        wrapped = self.party_fields.get(parts[2])
        (wrapped.editor if wrapped else self.name).setFocus()
        return True

    # -- CaseInput -------------------------------------------------------------------------------------

    def load(self, inp: C.CaseInput) -> None:
        self.parties = [replace(p, agents=list(p.agents)) for p in inp.parties]
        self._touched = [set() for _ in self.parties]
        with self.loading():
            self._refresh_list()
            if self.parties:
                self.list.setCurrentRow(0)

    def fill(self, inp: C.CaseInput) -> None:
        inp.parties = [replace(p, agents=list(p.agents)) for p in self.parties]
