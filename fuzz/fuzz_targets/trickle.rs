//! A reader that hands out one byte per call (a slow pipe): the readers
//! must give the same answer as when reading at once.

pub struct Trickle<'a>(pub &'a [u8]);

impl std::io::Read for Trickle<'_> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = usize::from(!self.0.is_empty() && !buf.is_empty());
        buf[..n].copy_from_slice(&self.0[..n]);
        self.0 = &self.0[n..];
        Ok(n)
    }
}
