import {
  Menu,
  nativeImage,
  Tray,
  type MenuItemConstructorOptions,
  type NativeImage,
} from 'electron';

import type { ConsoleView, ProtectionState } from '../../../src-shared/bridge.ts';
import type { Disposable } from '../../engine/base/disposable.ts';
import { encodePng } from './png.ts';
import { drawTrayIcon } from './tray-icon.ts';

/** What the tray menu does. */
export interface HostTrayActions {
  showConsole(view: ConsoleView): void;
  showPrompt(): void;
  showAbout(): void;
}

const tooltips: Record<ProtectionState, string> = {
  protected: 'Copywarden: protected',
  attention: 'Copywarden: a copy waits for your answer',
  degraded: 'Copywarden: protection degraded',
};

/**
 * The tray icon: one look per protection state, a tooltip, and a menu with Status, Activity log
 * and About. There is deliberately no way to pause protection from here.
 */
export class HostTray implements Disposable {
  readonly #tray: Tray;
  readonly #actions: HostTrayActions;
  readonly #icons = new Map<ProtectionState, NativeImage>();
  #state: ProtectionState | null = null;

  constructor(actions: HostTrayActions) {
    this.#actions = actions;
    this.#tray = new Tray(this.#icon('protected'));
    this.show('protected');
  }

  /** Shows `state` in the icon, the tooltip and the menu. */
  show(state: ProtectionState): void {
    if (state === this.#state) {
      return;
    }
    this.#state = state;
    this.#tray.setImage(this.#icon(state));
    this.#tray.setToolTip(tooltips[state]);
    this.#tray.setContextMenu(Menu.buildFromTemplate(this.#menu(state)));
  }

  dispose(): void {
    this.#tray.destroy();
  }

  #menu(state: ProtectionState): MenuItemConstructorOptions[] {
    const answer =
      state === 'attention'
        ? [
            {
              label: 'Answer the waiting copy…',
              click: () => {
                this.#actions.showPrompt();
              },
            },
          ]
        : [];
    return [
      { label: tooltips[state], enabled: false },
      { type: 'separator' },
      ...answer,
      {
        label: 'Status',
        click: () => {
          this.#actions.showConsole('status');
        },
      },
      {
        label: 'Activity log',
        click: () => {
          this.#actions.showConsole('log');
        },
      },
      { type: 'separator' },
      {
        label: 'About Copywarden',
        click: () => {
          this.#actions.showAbout();
        },
      },
    ];
  }

  /** The state's icon at 1x and 2x, drawn once. */
  #icon(state: ProtectionState): NativeImage {
    const cached = this.#icons.get(state);
    if (cached !== undefined) {
      return cached;
    }
    const image = nativeImage.createEmpty();
    for (const [sizePx, scaleFactor] of [
      [16, 1],
      [32, 2],
    ] as const) {
      const png = encodePng(sizePx, sizePx, drawTrayIcon(state, sizePx));
      image.addRepresentation({ scaleFactor, buffer: png });
    }
    this.#icons.set(state, image);
    return image;
  }
}
