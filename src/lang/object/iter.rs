//! Walking an object's entries in order, by reference or by value.

use super::layout::Layout;
use super::Object;
use crate::lang::value::{Key, Value};
use std::rc::Rc;

/// Entries by reference, in order.
#[derive(Clone)]
pub struct Iter<'a> {
    pub(super) keys: std::slice::Iter<'a, Key>,
    pub(super) values: std::slice::Iter<'a, Value>,
}

impl<'a> Iterator for Iter<'a> {
    type Item = (&'a Key, &'a Value);
    #[inline]
    fn next(&mut self) -> Option<Self::Item> {
        Some((self.keys.next()?, self.values.next()?))
    }
    fn size_hint(&self) -> (usize, Option<usize>) {
        self.values.size_hint()
    }
}

impl DoubleEndedIterator for Iter<'_> {
    fn next_back(&mut self) -> Option<Self::Item> {
        Some((self.keys.next_back()?, self.values.next_back()?))
    }
}

impl ExactSizeIterator for Iter<'_> {}

impl<'a> IntoIterator for &'a Object {
    type Item = (&'a Key, &'a Value);
    type IntoIter = Iter<'a>;
    fn into_iter(self) -> Iter<'a> {
        self.iter()
    }
}

/// Entries by value, in order (keys are cloned from the layout).
pub struct IntoIter {
    pub(super) layout: Rc<Layout>,
    /// Position of the next value from the front.
    pub(super) front: usize,
    pub(super) values: std::vec::IntoIter<Value>,
}

impl Iterator for IntoIter {
    type Item = (Key, Value);
    #[inline]
    fn next(&mut self) -> Option<(Key, Value)> {
        let v = self.values.next()?;
        let k = self.layout.keys[self.front].clone();
        self.front += 1;
        Some((k, v))
    }
    fn size_hint(&self) -> (usize, Option<usize>) {
        self.values.size_hint()
    }
}

impl DoubleEndedIterator for IntoIter {
    fn next_back(&mut self) -> Option<(Key, Value)> {
        let v = self.values.next_back()?;
        let k = self.layout.keys[self.front + self.values.len()].clone();
        Some((k, v))
    }
}

impl ExactSizeIterator for IntoIter {}

impl IntoIterator for Object {
    type Item = (Key, Value);
    type IntoIter = IntoIter;
    fn into_iter(self) -> IntoIter {
        let layout = self.layout.clone();
        IntoIter {
            layout,
            front: 0,
            values: self.into_value_vec().into_iter(),
        }
    }
}
