// Tugas panel of the medsos-asn-jatim course kit: a trainee's assignments in Bahasa Indonesia.
//
// Every action calls the kit's server handlers under /medsos/tugas (medsos.lab.server), which
// run nbgrader's own AssignmentList (fetch, submit, fetch feedback) and Validator (check).
// The panel replaces nbgrader's untranslated Assignment List and Validate button for trainees.

import { ILayoutRestorer } from '@jupyterlab/application';
import { Dialog, showDialog, ToolbarButton } from '@jupyterlab/apputils';
import { PageConfig, URLExt } from '@jupyterlab/coreutils';
import { IDocumentManager } from '@jupyterlab/docmanager';
import { IMainMenu } from '@jupyterlab/mainmenu';
import { INotebookTracker } from '@jupyterlab/notebook';
import { ServerConnection } from '@jupyterlab/services';
import { checkIcon, listIcon } from '@jupyterlab/ui-components';
import { Menu, Widget } from '@lumino/widgets';

const API = 'medsos/tugas';
const CMD = {
  open: 'medsos:buka-panel-tugas',
  check: 'medsos:periksa-notebook',
  selfCheck: 'medsos:periksa-mandiri',
  formgrader: 'medsos:buka-formgrader'
};

async function call(path, body) {
  const settings = ServerConnection.makeSettings();
  const url = URLExt.join(settings.baseUrl, API, path);
  const init = body
    ? { method: 'POST', body: JSON.stringify(body) }
    : { method: 'GET' };
  let response;
  try {
    response = await ServerConnection.makeRequest(url, init, settings);
  } catch (error) {
    return { ok: false, pesan: 'Server tidak dapat dihubungi. Muat ulang halaman.' };
  }
  if (!response.ok) {
    return {
      ok: false,
      pesan: `Permintaan gagal (kode ${response.status}). Hubungi instruktur.`
    };
  }
  return response.json();
}

function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs)) {
    if (key === 'onclick') {
      node.addEventListener('click', value);
    } else if (key === 'className') {
      node.className = value;
    } else {
      node.setAttribute(key, value);
    }
  }
  for (const child of children) {
    if (child !== null && child !== undefined) {
      node.append(child);
    }
  }
  return node;
}

function button(label, onclick, extra = '') {
  return el(
    'button',
    { className: `jp-Button medsos-Tugas-button ${extra}`, onclick },
    label
  );
}

function bodyWidget(node) {
  const widget = new Widget({ node: el('div', { className: 'medsos-Tugas-dialog' }, node) });
  return widget;
}

class TugasPanel extends Widget {
  constructor(app, docManager, tracker) {
    super();
    this.app = app;
    this.docManager = docManager;
    this.tracker = tracker;
    this.id = 'medsos-tugas';
    this.title.icon = listIcon;
    this.title.caption = 'Tugas kursus';
    this.addClass('medsos-Tugas');
    this.assignments = [];
    this.results = {};
    this.message = null;
    this.busy = null;
    this.render();
  }

  onAfterShow() {
    this.refresh();
  }

  setMessage(text, ok = true) {
    this.message = text ? { text, ok } : null;
    this.render();
  }

  async run(label, action) {
    if (this.busy) {
      return;
    }
    this.busy = label;
    this.render();
    try {
      return await action();
    } finally {
      this.busy = null;
      this.render();
    }
  }

  async refresh() {
    const listing = await call('');
    if (listing.ok) {
      this.assignments = listing.tugas;
      this.root = listing.folder_kerja;
      this.formgrader = listing.formgrader;
    } else {
      this.setMessage(listing.pesan, false);
    }
    this.render();
    return listing;
  }

  folderOf(path) {
    for (const item of this.assignments) {
      if (item.folder && path.startsWith(item.folder + '/')) {
        return item;
      }
    }
    return null;
  }

  async fetch(item) {
    const result = await this.run('Mengambil tugas…', () =>
      call('ambil', { assignment_id: item.assignment_id })
    );
    await this.refresh();
    this.setMessage(result.pesan, result.ok);
    if (result.ok) {
      const fresh = this.assignments.find(a => a.assignment_id === item.assignment_id);
      if (fresh) {
        await this.openAssignment(fresh);
      }
    }
  }

  async openAssignment(item) {
    if (!item.folder) {
      return;
    }
    await this.app.commands.execute('filebrowser:go-to-path', {
      path: item.folder,
      dontShowBrowser: true
    });
    for (const nb of item.notebooks) {
      this.docManager.openOrReveal(nb.path);
    }
  }

  async openCell(path, index) {
    const widget = this.docManager.openOrReveal(path);
    if (!widget || index === null || index === undefined) {
      return;
    }
    await widget.context.ready;
    await widget.revealed;
    const notebook = widget.content;
    notebook.activeCellIndex = index;
    notebook.mode = 'command';
    const cell = notebook.widgets[index];
    if (cell) {
      notebook.scrollToCell(cell);
    }
  }

  async saveOpen(folder) {
    for (const widget of this.tracker.filter(() => true)) {
      const path = widget.context.path;
      if ((!folder || path.startsWith(folder + '/')) && widget.context.model.dirty) {
        await widget.context.save();
      }
    }
  }

  async check(path) {
    await this.saveOpen(null);
    const result = await this.run('Memeriksa notebook… (semua sel dijalankan)', () =>
      call('periksa', { path })
    );
    this.results[path] = result;
    if (!result.ok) {
      this.setMessage(result.pesan, false);
    } else {
      this.setMessage(null);
    }
    return result;
  }

  async submit(item) {
    await this.saveOpen(item.folder);
    const check = await this.run('Menyiapkan pengumpulan…', () =>
      call('cek-kumpul', { assignment_id: item.assignment_id })
    );
    if (!check.ok) {
      this.setMessage(check.pesan, false);
      return;
    }
    const list = el('ul', { className: 'medsos-Tugas-sent' });
    for (const nb of check.notebooks) {
      list.append(
        el(
          'li',
          {},
          el('b', {}, nb.path),
          el('br'),
          `terakhir disimpan ${nb.disimpan}`
        )
      );
    }
    const warnings = el('ul', { className: 'medsos-Tugas-warnings' });
    for (const text of check.peringatan) {
      warnings.append(el('li', {}, text));
    }
    if (!check.boleh) {
      await showDialog({
        title: 'Belum dapat dikumpulkan',
        body: bodyWidget(
          el(
            'div',
            {},
            el('p', {}, check.alasan_tolak),
            el('p', {}, 'Notebook yang akan dikumpulkan:'),
            list
          )
        ),
        buttons: [Dialog.okButton({ label: 'Tutup' })]
      });
      return;
    }
    const node = el(
      'div',
      {},
      el('p', {}, `Yang akan dikumpulkan untuk tugas ${check.assignment_id}:`),
      list,
      check.peringatan.length
        ? el('div', {}, el('p', { className: 'medsos-Tugas-warn' }, 'Perhatian:'), warnings)
        : el('p', {}, 'Semua jawaban sudah diisi.'),
      check.kiriman_terakhir
        ? el(
            'p',
            {},
            `Kiriman sebelumnya: ${check.kiriman_terakhir}. Kiriman baru menggantikannya.`
          )
        : null,
      el('p', {}, 'Kumpulkan sekarang?')
    );
    const answer = await showDialog({
      title: 'Kumpulkan tugas?',
      body: bodyWidget(node),
      buttons: [
        Dialog.cancelButton({ label: 'Batal' }),
        Dialog.okButton({
          label: check.peringatan.length ? 'Tetap kumpulkan' : 'Ya, kumpulkan'
        })
      ]
    });
    if (!answer.button.accept) {
      return;
    }
    const result = await this.run('Mengumpulkan…', () =>
      call('kumpulkan', { assignment_id: item.assignment_id })
    );
    await this.refresh();
    this.setMessage(result.pesan, result.ok);
  }

  async feedback(item) {
    const result = await this.run('Mengambil umpan balik…', () =>
      call('umpan-balik', { assignment_id: item.assignment_id })
    );
    await this.refresh();
    this.setMessage(result.pesan, result.ok);
    if (result.ok) {
      for (const page of result.umpan_balik) {
        this.docManager.openOrReveal(page.path, 'HTML Viewer');
      }
    }
  }

  renderResult(path) {
    const result = this.results[path];
    if (!result || !result.ok) {
      return null;
    }
    const box = el(
      'div',
      {
        className: `medsos-Tugas-result ${result.lolos ? 'medsos-ok' : 'medsos-fail'}`
      },
      el('b', {}, `Hasil periksa: ${result.ringkasan}`)
    );
    const problems = el('ul');
    for (const item of result.masalah) {
      problems.append(
        el(
          'li',
          {},
          item.judul ? `${item.judul}: ` : '',
          item.pesan,
          ' ',
          item.sel !== null
            ? el(
                'a',
                {
                  href: '#',
                  className: 'medsos-Tugas-link',
                  onclick: event => {
                    event.preventDefault();
                    this.openCell(path, item.sel);
                  }
                },
                'Buka sel'
              )
            : null
        )
      );
    }
    const reported = new Set(result.masalah.map(item => item.judul));
    for (const item of result.belum_dijawab.filter(i => !reported.has(i.judul))) {
      problems.append(
        el(
          'li',
          {},
          `${item.judul || 'Soal'}: belum dijawab (${item.jenis}). `,
          el(
            'a',
            {
              href: '#',
              className: 'medsos-Tugas-link',
              onclick: event => {
                event.preventDefault();
                this.openCell(path, item.sel);
              }
            },
            'Buka sel'
          )
        )
      );
    }
    if (problems.children.length) {
      box.append(problems);
    }
    return box;
  }

  renderItem(item) {
    const card = el(
      'li',
      { className: 'medsos-Tugas-item', 'data-tugas': item.assignment_id },
      el('div', { className: 'medsos-Tugas-name' }, item.assignment_id),
      el('div', { className: 'medsos-Tugas-state' }, item.keterangan)
    );
    if (item.folder) {
      card.append(
        el(
          'div',
          { className: 'medsos-Tugas-folder' },
          'Folder kerja: ',
          el('b', {}, `${item.folder}/`)
        )
      );
    }
    for (const sub of item.kiriman.slice(-1)) {
      card.append(el('div', { className: 'medsos-Tugas-sub' }, `Dikumpulkan ${sub.waktu}`));
    }
    const actions = el('div', { className: 'medsos-Tugas-actions' });
    if (!item.folder) {
      actions.append(button('Ambil', () => this.fetch(item), 'jp-mod-accept'));
    } else {
      actions.append(button('Buka', () => this.openAssignment(item)));
      for (const nb of item.notebooks) {
        actions.append(
          button(
            item.notebooks.length > 1 ? `Periksa ${nb.notebook_id}` : 'Periksa',
            () => this.check(nb.path)
          )
        );
      }
      actions.append(button('Kumpulkan', () => this.submit(item), 'jp-mod-accept'));
    }
    if (item.kiriman.length) {
      actions.append(button('Umpan balik', () => this.feedback(item)));
    }
    card.append(actions);
    for (const nb of item.notebooks) {
      const result = this.renderResult(nb.path);
      if (result) {
        card.append(result);
      }
    }
    return card;
  }

  render() {
    const node = this.node;
    node.textContent = '';
    node.append(
      el('h2', { className: 'medsos-Tugas-title' }, 'Tugas'),
      el(
        'p',
        { className: 'medsos-Tugas-help' },
        'Klik Ambil untuk menyalin tugas ke folder kerja Anda. Kerjakan dan simpan notebook ',
        'di folder itu: hanya notebook di folder kerja yang dikumpulkan.'
      )
    );
    const bar = el(
      'div',
      { className: 'medsos-Tugas-actions' },
      button('Muat ulang daftar', () => this.refresh())
    );
    node.append(bar);
    if (this.busy) {
      node.append(el('p', { className: 'medsos-Tugas-busy' }, this.busy));
    }
    if (this.message) {
      node.append(
        el(
          'p',
          { className: `medsos-Tugas-message ${this.message.ok ? 'medsos-ok' : 'medsos-fail'}` },
          this.message.text
        )
      );
    }
    if (!this.assignments.length) {
      node.append(
        el(
          'p',
          { className: 'medsos-Tugas-empty' },
          'Belum ada tugas yang dibagikan untuk kursus ini.'
        )
      );
      return;
    }
    const list = el('ul', { className: 'medsos-Tugas-list' });
    for (const item of this.assignments) {
      list.append(this.renderItem(item));
    }
    node.append(list);
  }
}

async function showCheckDialog(panel, path) {
  const result = await panel.check(path);
  if (!result.ok) {
    await showDialog({
      title: 'Periksa gagal',
      body: result.pesan,
      buttons: [Dialog.okButton({ label: 'Tutup' })]
    });
    return;
  }
  const body = panel.renderResult(path);
  const answer = await showDialog({
    title: result.lolos && !result.belum_dijawab.length ? 'Hasil periksa: lolos' : 'Hasil periksa',
    body: bodyWidget(body),
    buttons: [Dialog.okButton({ label: 'Tutup' })]
  });
  return answer;
}

async function showSelfCheck(panel, path) {
  await panel.saveOpen(null);
  const result = await panel.run('Menilai notebook dengan uji penilaian… (bisa 1–2 menit)', () =>
    call('periksa-mandiri', { path })
  );
  if (!result.ok) {
    panel.setMessage(result.pesan, false);
    return;
  }
  const list = el('ul');
  for (const q of result.questions || []) {
    list.append(el('li', {}, el('b', {}, q.title), `: ${q.state}`, q.message ? ` — ${q.message}` : ''));
  }
  const body = el(
    'div',
    {},
    el('p', {}, result.message),
    result.max_score ? el('p', {}, el('b', {}, `Nilai: ${result.score} dari ${result.max_score} poin`)) : null,
    list.children.length ? list : null
  );
  const buttons = [Dialog.okButton({ label: 'Tutup' })];
  if (result.feedback) {
    buttons.unshift(Dialog.createButton({ label: 'Buka Halaman Umpan Balik', accept: false, actions: ['umpan-balik'] }));
  }
  const answer = await showDialog({ title: 'Periksa dengan uji penilaian', body: bodyWidget(body), buttons });
  if (result.feedback && answer.button.actions.includes('umpan-balik')) {
    panel.docManager.openOrReveal(result.feedback, 'HTML Viewer');
  }
}

const plugin = {
  id: '@medsos/tugas:plugin',
  description: 'Panel Tugas kursus (nbgrader) dalam Bahasa Indonesia',
  autoStart: true,
  requires: [IDocumentManager, INotebookTracker],
  optional: [IMainMenu, ILayoutRestorer],
  activate: (app, docManager, tracker, mainMenu, restorer) => {
    const panel = new TugasPanel(app, docManager, tracker);
    panel.refresh();
    app.shell.add(panel, 'left', { rank: 150 });
    if (restorer) {
      restorer.add(panel, 'medsos-tugas');
    }

    app.commands.addCommand(CMD.open, {
      label: 'Buka Panel Tugas',
      caption: 'Daftar tugas: ambil, periksa, kumpulkan, umpan balik',
      execute: () => app.shell.activateById(panel.id)
    });
    app.commands.addCommand(CMD.check, {
      label: 'Periksa Notebook Ini',
      caption: 'Jalankan semua sel dan periksa jawaban seperti saat penilaian (tanpa uji rahasia)',
      icon: checkIcon,
      isEnabled: () => tracker.currentWidget !== null,
      execute: async () => {
        const widget = tracker.currentWidget;
        if (widget) {
          await showCheckDialog(panel, widget.context.path);
        }
      }
    });
    app.commands.addCommand(CMD.selfCheck, {
      label: 'Periksa dengan Uji Penilaian (Belajar Mandiri)',
      caption: 'Nilai notebook ini dengan uji penilaian kursus (perlu folder source/ kit)',
      isEnabled: () => tracker.currentWidget !== null,
      execute: async () => {
        const widget = tracker.currentWidget;
        if (widget) {
          await showSelfCheck(panel, widget.context.path);
        }
      }
    });
    app.commands.addCommand(CMD.formgrader, {
      label: 'Formgrader (instruktur)',
      caption: 'Halaman penilaian nbgrader untuk instruktur, di tab baru',
      isVisible: () => Boolean(panel.formgrader),
      execute: () =>
        window.open(URLExt.join(PageConfig.getBaseUrl(), 'formgrader'), '_blank')
    });

    if (mainMenu) {
      const menu = new Menu({ commands: app.commands });
      menu.id = 'medsos-menu-tugas';
      menu.title.label = 'Tugas';
      menu.addItem({ command: CMD.open });
      menu.addItem({ command: CMD.check });
      menu.addItem({ command: CMD.selfCheck });
      menu.addItem({ type: 'separator' });
      menu.addItem({ command: CMD.formgrader });
      mainMenu.addMenu(menu, true, { rank: 1100 });
    }

    app.docRegistry.addWidgetExtension('Notebook', {
      createNew: (notebookPanel, context) => {
        const check = new ToolbarButton({
          label: 'Periksa',
          icon: checkIcon,
          tooltip: 'Periksa notebook ini seperti saat penilaian',
          onClick: () => showCheckDialog(panel, context.path)
        });
        notebookPanel.toolbar.insertItem(10, 'medsos-periksa', check);
        const where = new Widget({ node: el('span', { className: 'medsos-Tugas-where' }) });
        notebookPanel.toolbar.insertItem(11, 'medsos-folder', where);
        const label = async () => {
          if (!panel.assignments.length) {
            await panel.refresh();
          }
          const item = panel.folderOf(context.path);
          if (item) {
            where.node.textContent = `Folder tugas ${item.assignment_id}: notebook ini yang dikumpulkan`;
            where.node.className = 'medsos-Tugas-where medsos-ok';
          } else if (panel.assignments.some(a => context.path.endsWith(`${a.assignment_id}.ipynb`))) {
            where.node.textContent =
              'Bukan folder tugas: notebook ini tidak dikumpulkan (pakai panel Tugas → Ambil)';
            where.node.className = 'medsos-Tugas-where medsos-fail';
          }
        };
        context.ready.then(label);
        return check;
      }
    });
  }
};

export default [plugin];
