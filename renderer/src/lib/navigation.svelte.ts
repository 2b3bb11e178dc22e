/** The page shown while signed in. Window state only; nothing here is Matrix state. */
import type { Page } from './screen';

class Navigation {
  page = $state<Page>('home');

  go(page: Page): void {
    this.page = page;
  }
}

export const navigation = new Navigation();
