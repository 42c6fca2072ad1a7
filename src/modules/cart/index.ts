/** What other modules may use of the cart: the merge of a guest cart at shopper sign-in. */
export { mergeGuestCartAtSignIn } from './sign-in-merge';
