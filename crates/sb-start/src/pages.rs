//! The pages of files a start reads, read ahead at the next start.
//!
//! From a cold disk (after a boot, or once the system has let the page cache go) the window's
//! start waited on the disk: the dynamic loader, GTK, WebKit's web process and its libraries
//! (WebKitGTK, JavaScriptCore, ICU, Mesa) each fault their pages in one by one, in the order
//! the code happens to touch them (and on a disk set to read far around each fault, each fault
//! read megabytes it did not need). A few seconds after each start, [`record`] notes which
//! pages of which files the window's processes hold (from `/proc/PID/pagemap`). At the next
//! start, [`read_ahead`] asks the kernel for those pages all at once: `switchboard-start` asks
//! before the window's program is loaded, and a window started without it asks on a thread of
//! its own while its own thread is busy with GTK. On a warm start the pages are already in
//! memory and asking costs a few milliseconds. `make bench-window-cold` measures it
//! (BENCHMARKS.md).
//!
//! The record is a text file of lines `path<TAB>size<TAB>first-end,first-end,...` (pages of
//! 4 KiB, `end` not included); a file whose size has changed since (an upgrade) is passed over.
//! The lines come in the order the start needs them: the window's own process, its program and
//! then its libraries as the loader took them, then what its web process holds beyond that,
//! then the rest. A path comes again for the pages another process added.

use std::collections::{HashMap, HashSet};
use std::io::{self, Read, Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};

/// The record's name in the window's data folder.
pub const FILE: &str = "start-pages";

/// The unit of the record: a page of 4 KiB (what `/proc/PID/pagemap` counts in on x86-64 and
/// arm64 with 4 KiB pages; on larger pages the offsets are still right, just finer).
const PAGE: u64 = 4096;
/// Pages this close together are asked for as one range: the kernel reads a range with one
/// request, and a gap of a few pages costs less than another request.
const JOIN_GAP: u64 = 16;
/// At most this much is read ahead, whatever the record says (a record from a day that
/// touched everything must not make a start read the disk for seconds).
const MOST: u64 = 256 << 20;

/// What a record holds.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Summary {
    pub processes: usize,
    pub files: usize,
    pub bytes: u64,
}

/// The window's process and all its descendants (WebKit's web and network processes, the
/// sandbox's helpers), by `/proc/PID/stat`'s parent.
fn process_tree(root: u32) -> Vec<u32> {
    let mut parent = Vec::new();
    if let Ok(dir) = std::fs::read_dir("/proc") {
        for entry in dir.flatten() {
            let Some(pid) = entry
                .file_name()
                .to_str()
                .and_then(|s| s.parse::<u32>().ok())
            else {
                continue;
            };
            let Ok(stat) = std::fs::read_to_string(format!("/proc/{pid}/stat")) else {
                continue;
            };
            // After the command's closing parenthesis: the state, then the parent.
            if let Some(ppid) = stat
                .rsplit_once(')')
                .and_then(|(_, rest)| rest.split_whitespace().nth(1))
                .and_then(|p| p.parse::<u32>().ok())
            {
                parent.push((pid, ppid));
            }
        }
    }
    let mut tree = vec![root];
    let mut i = 0;
    while i < tree.len() {
        let p = tree[i];
        tree.extend(
            parent
                .iter()
                .filter(|(_, pp)| *pp == p)
                .map(|(pid, _)| *pid),
        );
        i += 1;
    }
    tree
}

/// A mapping of a file in a process: its addresses and where in the file they begin.
#[derive(Debug, PartialEq, Eq)]
struct Mapping {
    start: u64,
    end: u64,
    offset: u64,
    path: PathBuf,
}

/// The file-backed mappings of a `/proc/PID/maps` text: regular files only (not devices,
/// deleted files or the kernel's own).
fn file_mappings(maps: &str) -> Vec<Mapping> {
    maps.lines()
        .filter_map(|line| {
            let mut fields = line.splitn(6, ' ');
            let range = fields.next()?;
            let _perms = fields.next()?;
            let offset = u64::from_str_radix(fields.next()?, 16).ok()?;
            let _device = fields.next()?;
            let _inode = fields.next()?;
            let path = fields.next()?.trim_start();
            if !path.starts_with('/') || path.starts_with("/dev/") || path.ends_with(" (deleted)") {
                return None;
            }
            let (start, end) = range.split_once('-')?;
            Some(Mapping {
                start: u64::from_str_radix(start, 16).ok()?,
                end: u64::from_str_radix(end, 16).ok()?,
                offset,
                path: PathBuf::from(path),
            })
        })
        .collect()
}

/// The files of a process's mappings in the order its start mapped them: its `program` first,
/// then the others from the highest address down. The kernel puts the loader at the top of
/// the free addresses, and each library the loader maps (and each file mapped later) takes
/// the free addresses just below the last.
fn load_order<'a>(mappings: &'a [Mapping], program: Option<&Path>) -> Vec<&'a Path> {
    let mut lowest: HashMap<&Path, u64> = HashMap::new();
    for m in mappings {
        let at = lowest.entry(m.path.as_path()).or_insert(m.start);
        *at = (*at).min(m.start);
    }
    let mut files: Vec<(&Path, u64)> = lowest.into_iter().collect();
    files.sort_by_key(|(path, at)| (Some(*path) != program, std::cmp::Reverse(*at)));
    files.into_iter().map(|(path, _)| path).collect()
}

/// Pages of files that processes hold, in the order a start needs them.
#[derive(Default)]
struct Held {
    /// Files with their pages, in the order noted: a path comes again for the pages a later
    /// process holds that no earlier one did.
    noted: Vec<(PathBuf, Vec<u64>)>,
    /// The pages of each path noted so far.
    seen: HashMap<PathBuf, HashSet<u64>>,
}

/// The pages of each mapped file that `pid` holds in memory (bit 63 of a pagemap entry) and
/// no process noted before it, read a bounded piece of the pagemap at a time (a mapping may be
/// gigabytes).
fn resident_pages(pid: u32, into: &mut Held) -> io::Result<()> {
    resident_pages_by(pid, into, 16_384)
}

/// [`resident_pages`], reading the pagemap `piece` pages at a time.
fn resident_pages_by(pid: u32, into: &mut Held, piece: u64) -> io::Result<()> {
    let maps = std::fs::read_to_string(format!("/proc/{pid}/maps"))?;
    let mut pagemap = std::fs::File::open(format!("/proc/{pid}/pagemap"))?;
    let program = std::fs::read_link(format!("/proc/{pid}/exe")).ok();
    let mappings = file_mappings(&maps);
    let mut entries = Vec::new();
    for path in load_order(&mappings, program.as_deref()) {
        let seen = into.seen.entry(path.to_path_buf()).or_default();
        let mut new = Vec::new();
        for m in mappings.iter().filter(|m| m.path == path) {
            let (first_page, pages) = (m.start / PAGE, (m.end - m.start) / PAGE);
            let first_in_file = m.offset / PAGE;
            let mut done = 0;
            while done < pages {
                let piece = piece.min(pages - done);
                entries.resize(piece as usize * 8, 0);
                pagemap.seek(SeekFrom::Start((first_page + done) * 8))?;
                if pagemap.read_exact(&mut entries).is_err() {
                    break;
                }
                for (i, entry) in entries.chunks_exact(8).enumerate() {
                    let entry = u64::from_le_bytes(entry.try_into().expect("8 bytes"));
                    let page = first_in_file + done + i as u64;
                    if entry >> 63 == 1 && seen.insert(page) {
                        new.push(page);
                    }
                }
                done += piece;
            }
        }
        if !new.is_empty() {
            into.noted.push((path.to_path_buf(), new));
        }
    }
    Ok(())
}

/// Pages, in any order and repeated, as ranges `[first, end)`, pages at most [`JOIN_GAP`]
/// apart joined.
fn ranges(mut pages: Vec<u64>) -> Vec<(u64, u64)> {
    pages.sort_unstable();
    pages.dedup();
    let mut out: Vec<(u64, u64)> = Vec::new();
    for p in pages {
        match out.last_mut() {
            Some((_, end)) if p < *end + JOIN_GAP => *end = p + 1,
            _ => out.push((p, p + 1)),
        }
    }
    out
}

/// A file of the record: its size when noted, and the ranges of its pages `[first, end)`.
#[derive(Debug, PartialEq, Eq)]
struct Entry {
    path: PathBuf,
    size: u64,
    ranges: Vec<(u64, u64)>,
}

impl Entry {
    /// Its line in the record; None for a path the record cannot hold.
    fn line(&self) -> Option<String> {
        let path = self.path.to_str().filter(|p| !p.contains(['\t', '\n']))?;
        let ranges: Vec<String> = self
            .ranges
            .iter()
            .map(|(a, b)| format!("{a}-{b}"))
            .collect();
        Some(format!("{path}\t{}\t{}\n", self.size, ranges.join(",")))
    }

    /// A line of the record read back; None for a line that is not one.
    fn parse(line: &str) -> Option<Entry> {
        let mut fields = line.split('\t');
        let path = PathBuf::from(fields.next()?);
        let size = fields.next()?.parse().ok()?;
        let ranges = fields
            .next()?
            .split(',')
            .map(|r| {
                let (a, b) = r.split_once('-')?;
                let (a, b) = (a.parse::<u64>().ok()?, b.parse::<u64>().ok()?);
                (a < b).then_some((a, b))
            })
            .collect::<Option<Vec<_>>>()?;
        Some(Entry { path, size, ranges })
    }
}

/// Notes the pages of files that the process `root` and its descendants hold now, in `record`
/// (written whole, then moved into place, so a start never reads half a record).
pub fn record(root: u32, record: &Path) -> io::Result<Summary> {
    let tree = process_tree(root);
    let mut pages = Held::default();
    let mut processes = 0;
    for pid in &tree {
        // A process may end meanwhile, or be one we may not look into: it is passed over.
        if resident_pages(*pid, &mut pages).is_ok() {
            processes += 1;
        }
    }
    if processes == 0 {
        // No /proc to look into (not Linux), or none of them could be: the record is left as
        // it was.
        return Err(io::Error::other(
            "no process of the window could be looked into",
        ));
    }
    let mut text = String::new();
    let mut summary = Summary {
        processes,
        ..Summary::default()
    };
    let mut sizes: HashMap<PathBuf, Option<u64>> = HashMap::new();
    let mut files = HashSet::new();
    for (path, held) in pages.noted {
        let size = *sizes.entry(path.clone()).or_insert_with(|| {
            std::fs::metadata(&path)
                .ok()
                .filter(|m| m.is_file())
                .map(|m| m.len())
        });
        let Some(size) = size else {
            continue;
        };
        let entry = Entry {
            path,
            size,
            ranges: ranges(held),
        };
        if let Some(l) = entry.line() {
            text.push_str(&l);
            if files.insert(entry.path.clone()) {
                summary.files += 1;
            }
            summary.bytes += entry
                .ranges
                .iter()
                .map(|(a, b)| (b - a) * PAGE)
                .sum::<u64>();
        }
    }
    if let Some(dir) = record.parent() {
        std::fs::create_dir_all(dir)?;
    }
    let partial = record.with_extension("partial");
    let mut file = std::fs::File::create(&partial)?;
    file.write_all(text.as_bytes())?;
    file.sync_all()?;
    std::fs::rename(&partial, record)?;
    Ok(summary)
}

/// Asks the kernel to read the pages `record` names into memory, without waiting for them:
/// what was asked for, in bytes. No record (the first start) asks for nothing.
pub fn read_ahead(record: &Path) -> io::Result<u64> {
    let text = match std::fs::read_to_string(record) {
        Ok(t) => t,
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(0),
        Err(e) => return Err(e),
    };
    let mut asked = 0u64;
    for entry in text.lines().filter_map(Entry::parse) {
        let Ok(file) = std::fs::File::open(&entry.path) else {
            continue;
        };
        if file.metadata().map(|m| m.len()).ok() != Some(entry.size) {
            continue;
        }
        for (a, b) in entry.ranges {
            let len = (b - a) * PAGE;
            if asked + len > MOST {
                return Ok(asked);
            }
            asked += len;
            advise(&file, a * PAGE, len);
        }
    }
    Ok(asked)
}

#[cfg(target_os = "linux")]
fn advise(file: &std::fs::File, offset: u64, len: u64) {
    use rustix::fs::{fadvise, Advice};
    // Advice only: where the kernel declines, the start reads the pages itself as before.
    let _ = fadvise(
        file,
        offset,
        std::num::NonZeroU64::new(len),
        Advice::WillNeed,
    );
}

#[cfg(not(target_os = "linux"))]
fn advise(_file: &std::fs::File, _offset: u64, _len: u64) {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn maps_lines_give_the_mappings_of_regular_files_only() {
        let maps = "\
55d0c0a00000-55d0c0a3e000 r--p 00000000 fe:01 1234   /usr/bin/switchboard
7f00aa000000-7f00aa200000 r-xp 00120000 fe:01 99     /usr/lib/x86_64-linux-gnu/libwebkit2gtk-4.1.so.0.19.9
7f00ab000000-7f00ab001000 rw-s 00000000 00:05 7      /dev/dri/renderD128
7f00ac000000-7f00ac001000 rw-s 00000000 00:01 8      /memfd:wayland-shm (deleted)
7f00ad000000-7f00ad001000 r--p 00000000 fe:01 9      /tmp/gone (deleted)
7ffd00000000-7ffd00021000 rw-p 00000000 00:00 0      [stack]
7f00ae000000-7f00ae001000 rw-p 00000000 00:00 0
";
        let found = file_mappings(maps);
        assert_eq!(
            found,
            vec![
                Mapping {
                    start: 0x55d0c0a00000,
                    end: 0x55d0c0a3e000,
                    offset: 0,
                    path: PathBuf::from("/usr/bin/switchboard"),
                },
                Mapping {
                    start: 0x7f00aa000000,
                    end: 0x7f00aa200000,
                    offset: 0x120000,
                    path: PathBuf::from("/usr/lib/x86_64-linux-gnu/libwebkit2gtk-4.1.so.0.19.9"),
                },
            ]
        );
    }

    /// The program first, then the loader at the top of the addresses, then each library in
    /// the order the loader mapped it, each below the last; a file mapped in pieces counts
    /// from its first.
    #[test]
    fn files_come_in_the_order_the_start_mapped_them() {
        let maps = "\
55d0c0a00000-55d0c0a3e000 r--p 00000000 fe:01 1 /usr/bin/switchboard
55d0c0a3e000-55d0c0b00000 r-xp 0003e000 fe:01 1 /usr/bin/switchboard
7f0d00000000-7f0d00001000 r--p 00000000 fe:01 5 /usr/share/fonts/noto.ttf
7f0e00000000-7f0e00010000 r--p 00000000 fe:01 4 /usr/lib/libgtk.so
7f0f00000000-7f0f00010000 r--p 00000000 fe:01 3 /usr/lib/libwebkit.so
7f0f00010000-7f0f00090000 r-xp 00010000 fe:01 3 /usr/lib/libwebkit.so
7f1000000000-7f1000001000 r--p 00000000 fe:01 2 /usr/lib/ld-linux-x86-64.so.2
";
        let mappings = file_mappings(maps);
        let order = load_order(&mappings, Some(Path::new("/usr/bin/switchboard")));
        assert_eq!(
            order,
            [
                "/usr/bin/switchboard",
                "/usr/lib/ld-linux-x86-64.so.2",
                "/usr/lib/libwebkit.so",
                "/usr/lib/libgtk.so",
                "/usr/share/fonts/noto.ttf",
            ]
            .map(Path::new)
        );
        // Without the program's name (a process that may not be looked into so far), the
        // addresses alone.
        assert_eq!(
            load_order(&mappings, None).last(),
            Some(&Path::new("/usr/bin/switchboard"))
        );
    }

    /// A page a process noted before holds is not noted again for the next one.
    #[cfg(target_os = "linux")]
    #[test]
    fn pages_noted_for_one_process_are_not_noted_again() {
        let me = std::process::id();
        let mut held = Held::default();
        resident_pages(me, &mut held).unwrap();
        let first = held.noted.len();
        assert!(first > 0);
        let me_exe = std::env::current_exe().unwrap();
        assert_eq!(held.noted[0].0, me_exe, "the program comes first");
        resident_pages(me, &mut held).unwrap();
        let again: usize = held.noted[first..].iter().map(|(_, p)| p.len()).sum();
        // Only pages faulted in since (the reading itself may touch a few).
        let before: usize = held.noted[..first].iter().map(|(_, p)| p.len()).sum();
        assert!(again * 20 < before, "{again} of {before} pages noted again");
    }

    /// Read in pieces of a few pages, a process's pages are those read whole: no more than a
    /// later whole reading finds (pages are only faulted in meanwhile), no fewer than an
    /// earlier one.
    #[cfg(target_os = "linux")]
    #[test]
    fn the_pagemap_read_in_pieces_gives_the_same_pages() {
        let me = std::process::id();
        let read = |piece| {
            let mut pages = Held::default();
            resident_pages_by(me, &mut pages, piece).unwrap();
            pages
                .noted
                .into_iter()
                .flat_map(|(path, held)| held.into_iter().map(move |p| (path.clone(), p)))
                .collect::<std::collections::BTreeSet<_>>()
        };
        let before = read(1 << 20);
        let in_pieces = read(3);
        let after = read(1 << 20);
        assert!(!before.is_empty());
        assert!(before.is_subset(&in_pieces), "pieces lost pages");
        assert!(
            in_pieces.is_subset(&after),
            "pieces found pages that are not there"
        );
    }

    #[test]
    fn pages_near_each_other_are_asked_for_as_one_range() {
        assert_eq!(ranges(vec![]), vec![]);
        assert_eq!(
            ranges(vec![9, 3, 4, 4, 5, 40, 21, 100, 117, 200, 216]),
            vec![(3, 22), (40, 41), (100, 101), (117, 118), (200, 217)]
        );
    }

    #[test]
    fn a_record_line_reads_back_and_a_broken_one_is_passed_over() {
        let entry = Entry {
            path: PathBuf::from("/usr/lib/libx.so"),
            size: 8192,
            ranges: vec![(0, 2), (5, 9)],
        };
        let l = entry.line().unwrap();
        assert_eq!(l, "/usr/lib/libx.so\t8192\t0-2,5-9\n");
        assert_eq!(Entry::parse(l.trim_end()), Some(entry));
        assert_eq!(Entry::parse("/usr/lib/libx.so\t8192\t5-2"), None);
        assert_eq!(Entry::parse("/usr/lib/libx.so\tbig\t0-2"), None);
        assert_eq!(Entry::parse("garbage"), None);
        let odd = Entry {
            path: PathBuf::from("/odd\tname"),
            size: 1,
            ranges: vec![(0, 1)],
        };
        assert_eq!(odd.line(), None);
    }

    /// The test's own process holds pages of its own program: recorded, and read ahead again
    /// from the record; a file that changed size since is passed over.
    #[cfg(target_os = "linux")]
    #[test]
    fn this_process_is_recorded_and_read_ahead_again() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join(FILE);
        assert_eq!(
            read_ahead(&file).unwrap(),
            0,
            "no record yet: nothing to ask for"
        );
        let summary = record(std::process::id(), &file).unwrap();
        assert!(summary.processes >= 1 && summary.files >= 1, "{summary:?}");
        assert!(summary.bytes > 0, "{summary:?}");
        let text = std::fs::read_to_string(&file).unwrap();
        let me = std::env::current_exe().unwrap();
        assert!(
            text.lines()
                .any(|l| l.starts_with(&format!("{}\t", me.display()))),
            "the test's own program is in the record"
        );
        let asked = read_ahead(&file).unwrap();
        assert!(
            asked > 0 && asked <= summary.bytes.min(MOST),
            "asked {asked}"
        );

        // A file of the record that changed size since is not read ahead.
        let data = dir.path().join("data.bin");
        std::fs::write(&data, vec![7u8; 3 * PAGE as usize]).unwrap();
        let one = dir.path().join("one");
        let entry = Entry {
            path: data.clone(),
            size: 3 * PAGE,
            ranges: vec![(0, 3)],
        };
        std::fs::write(&one, entry.line().unwrap()).unwrap();
        assert_eq!(read_ahead(&one).unwrap(), 3 * PAGE);
        std::fs::write(&data, vec![7u8; PAGE as usize]).unwrap();
        assert_eq!(read_ahead(&one).unwrap(), 0);
    }
}
